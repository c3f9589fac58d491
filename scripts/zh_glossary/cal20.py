"""Chinese of the expert consultation calendar (talent: weekly hours, maxima, days off)."""

GLOSSARY = {
    "must not be below max_hours_day": "不得小于 max_hours_day",
    "the expert does not take consultation requests now": "该专家目前不接受咨询请求",
    "%(day)s is a day off of the expert": "%(day)s 是该专家的休息日",
    "the expert takes no consultations on %(weekday)s": "该专家%(weekday)s不接受咨询",
    "the consultation must end by midnight": "咨询须在午夜前结束",
    "has passed: the consultation would start in the past": "已过：咨询将在过去开始",
    "%(start)s–%(end)s is outside the expert's consultation hours on %(weekday)s (%(zone)s)": (
        "%(start)s–%(end)s 不在该专家%(weekday)s的咨询时间内（%(zone)s）"
    ),
    "overlaps another accepted consultation %(start)s–%(end)s": (
        "与另一场已接受的咨询 %(start)s–%(end)s 时间重叠"
    ),
    "the expert has %(total)s h of consultation hours on %(day)s and %(used)s h already accepted": (
        "该专家 %(day)s 共有 %(total)s 小时咨询时间，已接受 %(used)s 小时"
    ),
    "the expert takes at most %(max)s h of consultations a day; %(used)s h already accepted on %(day)s": (
        "该专家每天最多接受 %(max)s 小时咨询；%(day)s 已接受 %(used)s 小时"
    ),
    "the expert takes at most %(max)s h of consultations a week; %(used)s h already accepted in the week of %(monday)s": (
        "该专家每周最多接受 %(max)s 小时咨询；%(monday)s 起的一周已接受 %(used)s 小时"
    ),
    "line %(n)s: write e.g. Mon 09:00-12:00": "第 %(n)s 行：请写成如 Mon 09:00-12:00",
    "needs a day 0 (Mon) … 6 (Sun) and start < end, as HH:MM": (
        "需要星期 0（周一）… 6（周日），且开始早于结束，格式 HH:MM"
    ),
    "overlaps %(weekday)s %(start)s–%(end)s": "与%(weekday)s %(start)s–%(end)s 重叠",
    "must be 1–%(top)s hours": "须为 1–%(top)s 小时",
    "line %(n)s: write a date like 2026-10-01": "第 %(n)s 行：请写成如 2026-10-01 的日期",
    "Consultation hours saved.": "咨询时间已保存。",
    "Consultation hours": "咨询时间",
    "Start time (the expert's time zone)": "开始时间（专家所在时区）",
    "Leave empty to ask for hours at any time that day.": "留空表示当天任何时间均可。",
    "I take consultation requests": "我接受咨询请求",
    "Weekly hours": "每周时间",
    "One range a line, e.g. Mon 09:00-12:00 (Mon … Sun, or 0 … 6).": (
        "每行一个时段，如 Mon 09:00-12:00（Mon … Sun，或 0 … 6）。"
    ),
    "At most hours a day": "每天最多小时数",
    "At most hours a week": "每周最多小时数",
    "Days off": "休息日",
    "One date a line, e.g. 2026-10-01.": "每行一个日期，如 2026-10-01。",
    "My consultation hours": "我的咨询时间",
    "Requests must fall within your weekly hours, not on a day off, and not over your daily or weekly maximum counting the consultations you accepted. Others see these hours only if your publication consent includes “Consultation hours”.": (
        "咨询请求须落在您的每周时间内、不在休息日，且连同已接受的咨询不超过每天和每周的上限。"
        "只有当您的公开同意包含“咨询时间”时，他人才能看到这些时间。"
    ),
    "Back to my profile": "返回我的档案",
    "No consultation hours set: requests are judged by the expert case by case.": (
        "尚未设置咨询时间：请求由专家逐一决定。"
    ),
    "The expert does not take consultation requests now.": "该专家目前不接受咨询请求。",
    "Edit my consultation hours": "编辑我的咨询时间",
    "shown to others only if you tick “Consultation hours” above.": (
        "只有在上方勾选“咨询时间”后才对他人显示。"
    ),
}
