"""zh for consultations paid by innovation vouchers (issue #20) and demo data sharing."""

GLOSSARY = {
    "billed": "已记账待付",
    "bill": "记账（稍后付费）",
    "by voucher": "创新券支付",
}
