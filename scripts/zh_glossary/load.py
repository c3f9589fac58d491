"""zh for background catalog imports (catalog.imports, catalog.jobs and their pages)."""

GLOSSARY = {
    "File (.csv or .json)": "文件（.csv 或 .json）",
    "The file holds": "文件内容",
    "items": "成果与资源",
    "demands": "需求",
    "Import the good rows and report the bad ones (otherwise all or nothing)": (
        "导入合格的行并报告不合格的行（否则全部导入或全部不导入）"
    ),
    "Import catalog records": "导入目录记录",
    "Row": "行",
    "Field": "字段",
    "Reason": "原因",
    "Nothing was imported. Problems in the file: %(n)s.": "未导入任何内容。文件中的问题：%(n)s 个。",
    "Rows imported: %(n)s.": "已导入行数：%(n)s。",
    "Bad rows skipped: %(n)s.": "已跳过的不合格行：%(n)s。",
    "Import a file": "导入文件",
    "Import into the catalog": "导入到目录",
    "A CSV or JSON file in the export format. Every row is checked first; nothing is "
    "written unless all rows pass. Files of more than %(n)s rows are imported in the "
    "background while this page shows the progress.": (
        "导出格式的 CSV 或 JSON 文件。先逐行检查；只有全部行通过才会写入。"
        "超过 %(n)s 行的文件在后台导入，本页显示进度。"
    ),
    "Import": "导入",
    "%(file)s: %(n)s rows, imported in the background.": "%(file)s：%(n)s 行，正在后台导入。",
    "Import another file": "导入另一个文件",
}
