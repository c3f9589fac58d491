"""The project's locale formats (``FORMAT_MODULE_PATH``): how pages write dates and times
in each language. Templates say ``|date`` / ``|date:"DATETIME_FORMAT"`` and get
"2026年12月7日 星期一" in Chinese (English keeps Django's formats)."""
