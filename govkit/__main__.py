from govkit.cli import main

raise SystemExit(main())
