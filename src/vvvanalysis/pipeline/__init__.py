"""The round pipeline: validate data -> execute notebooks (cached) -> write metadata -> render -> publish."""
