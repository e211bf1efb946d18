import sys

from salon_desktop.cli import main

sys.exit(main())
