"""Local overrides of Django's locale formats (FORMAT_MODULE_PATH); anything not set here comes
from Django's own format files."""
