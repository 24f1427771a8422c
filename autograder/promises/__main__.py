"""``python -m autograder.promises [module.function ...]``: every promise and its concept."""
import sys

from .check import main

sys.exit(main())
