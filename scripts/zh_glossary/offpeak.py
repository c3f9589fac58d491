"""zh for off-peak tariffs of computing offers (闲时算力) and off-peak placements."""

GLOSSARY = {
    "Off-peak price per unit (yuan)": "闲时单价（元）",
    "Optional: idle hours sold cheaper; at most the normal price.": (
        "可选：闲时算力以较低价格出售；不得高于正常单价。"
    ),
    "Off-peak from (local time)": "闲时起始（北京时间）",
    "Off-peak until (local time)": "闲时结束（北京时间）",
    "Every day, Beijing time; may pass midnight, e.g. 23:00 until 07:00.": (
        "每天，北京时间；可跨越午夜，例如 23:00 至 07:00。"
    ),
    "Off-peak tariff": "闲时价格",
    "Off-peak tariff (optional): sell idle hours cheaper, every day in the given hours "
    "(Beijing time). Jobs that may wait are planned into those hours when it saves money; "
    "jobs that may not wait pay the normal price.": (
        "闲时价格（可选）：每天在所填时段（北京时间）以较低价格出售闲时算力。"
        "可等待的作业在能省钱时被安排到这些时段；不可等待的作业按正常价格付费。"
    ),
    "give both off-peak hours (start and end) or neither": "闲时起止时间须同时填写或同时留空",
    "off-peak hours need an off-peak price": "闲时时段需要闲时价格",
    "may not exceed the normal price per unit": "不得高于正常单价",
    "an off-peak price needs its hours": "闲时价格需要填写闲时时段",
    "the off-peak hours may not be of zero length": "闲时时段的长度不能为零",
    "the off-peak hours must hold at least one whole hour": "闲时时段须至少包含一个整小时",
    "give the Beijing clock time without a time zone": "请填写北京时间，不带时区",
    "per unit": "每单位",
    "off-peak": "闲时",
    "Off-peak: placed in an off-peak hour of this offer at %(price)s per unit; waiting "
    "saved %(saved)s against the same offer in the first hour (%(now)s).": (
        "闲时：安排在该报价的闲时时段，单价 %(price)s；与同一报价的第一个时段（%(now)s）"
        "相比，等待节省了 %(saved)s。"
    ),
    "Off-peak: the first hour is already an off-peak hour of this offer, at %(price)s per "
    "unit.": "闲时：第一个时段已是该报价的闲时时段，单价 %(price)s。",
    "Placed in a later hour at the normal price of %(price)s per unit.": (
        "安排在较晚的时段，按正常单价 %(price)s。"
    ),
}
