"""`vvv preview`: render the round's HTML, serve it on 127.0.0.1 and rebuild on every save.

The loop (loop.py) classifies each change: prose (report/, a round's prose files) re-renders the text only;
data, notebooks or the book's config re-validate and re-run the notebooks whose inputs changed (warm kernels,
so no kernel start or imports); package code restarts the preview process, after which the per-notebook cache
re-runs only the notebooks that import the changed modules. The preview builds in _build/<round>/preview/ and
never publishes into output/.
"""
