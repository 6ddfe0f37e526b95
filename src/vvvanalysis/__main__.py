from vvvanalysis.cli import main

raise SystemExit(main())
