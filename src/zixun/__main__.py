from zixun.cli import main

raise SystemExit(main())
