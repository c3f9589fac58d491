"""zh for voucher clawbacks that put a share back on the bill it paid (computing usage,
milestones paid in full)."""

GLOSSARY = {
    "Booking %(booking)s: the voucher's share was clawed back; invoice %(invoice)s has "
    "%(amount)s to pay.": (
        "预约 %(booking)s：创新券支付的部分已被追回；账单 %(invoice)s 待支付 %(amount)s。"
    ),
    "Due again (voucher share clawed back)": "再次应付（创新券份额已追回）",
    "Pay what is due": "支付应付款",
    "Paid what was due.": "已支付应付款。",
    "computing usage": "算力用量",
    "nothing is due on the usage of this job": "该作业的用量没有应付款",
    "%(due)s cannot be paid: %(reason)s": "无法支付 %(due)s：%(reason)s",
    "the firm paid milestone %(id)s in full; a voucher can only reimburse the firm for it "
    "(mode reimburse)": "企业已全额支付里程碑 %(id)s；创新券只能向企业报销（方式 reimburse）",
    "the firm paid computing usage %(id)s in full; a voucher can only reimburse the firm "
    "for it (mode reimburse)": (
        "企业已全额支付算力用量 %(id)s；创新券只能向企业报销（方式 reimburse）"
    ),
}
