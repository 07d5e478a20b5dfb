from discogs_tui.cli import main

raise SystemExit(main())
