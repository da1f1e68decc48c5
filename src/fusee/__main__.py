import sys

from fusee.cli import main

sys.exit(main())
