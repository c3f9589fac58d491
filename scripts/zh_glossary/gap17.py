"""zh for the computing provider page (jobs placed on a provider's own offers)."""

GLOSSARY = {
    "Jobs on my offers": "我的报价上的作业",
    "Jobs placed on the offers of %(name)s (%(code)s).": "已放置在 %(name)s（%(code)s）报价上的作业。",
    "Jobs placed": "已放置的作业",
    "units reserved": "单位已预留",
    "Metered": "已计量",
    "paid by computing vouchers": "其中算力券支付",
    "Customer": "客户",
    "Hour": "时段",
    "Price of the placement": "放置金额",
    "Settlement": "结算",
    "offer": "报价",
    "metered, not settled": "已计量，未结算",
    "not metered yet": "尚未计量",
    "No jobs are placed on your offers yet.": "您的报价上还没有放置作业。",
    "Only members of a provider organisation see jobs on its offers.": (
        "只有服务提供机构的成员才能查看其报价上的作业。"
    ),
    "You are not a member of organisation %(code)s.": "您不是机构 %(code)s 的成员。",
}
