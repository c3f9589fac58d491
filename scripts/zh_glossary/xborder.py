"""zh for the market's cross-border technology import/export contracts."""

GLOSSARY = {
    "under_review": "审查中",
    "refused": "已拒绝",
    "file": "填报",
    "refer": "转审查",
    "refuse": "拒绝",
    "import": "进口",
    "export": "出口",
    "prohibited": "禁止出口",
    "unknown": "未知",
    "the cross-border contract of deal %(id)d is '%(state)s'; %(what)s waits for its "
    "registration": "交易 %(id)d 的技术进出口合同处于“%(state)s”状态；%(what)s须待其登记后进行",
    "registering the deal": "交易登记",
    "paying a milestone": "支付里程碑款项",
    "Direction": "方向",
    "Counterpart abroad": "境外当事方",
    "Counterpart's country": "境外当事方所在国家（地区）",
    "Contract category": "合同类别",
    "Technology category code": "技术类别编号",
    "e.g. 083915X; catalogue codes end in J (prohibited) or X (restricted)": (
        "例如 083915X；目录编号以 J（禁止）或 X（限制）结尾"
    ),
    "Contract currency": "合同币种",
    "Amount in the contract currency": "合同金额（合同币种）",
    "Rate (CNY per unit of the currency)": "汇率（每单位外币折合人民币）",
    "Date of the rate": "汇率日期",
    "Contract number": "合同号",
    "Signing date": "签约日期",
    "Valid until": "有效期至",
    "Payment method": "支付方式",
    "technology export": "技术出口",
    "technology import": "技术进口",
    "patent assignment": "专利权转让",
    "assignment of a patent application right": "专利申请权转让",
    "patent licence": "专利实施许可",
    "know-how (technical secret) licence": "技术秘密许可",
    "technical service": "技术服务",
    "other contract involving technology import or export": "含有技术进出口的其他合同",
    "lump sum": "一次总付",
    "fixed price in instalments": "一次总算、分期支付",
    "royalties": "提成支付",
    "royalties with a down payment": "提成支付附加预付入门费",
    "other": "其他",
    "Cross-border contract": "技术进出口合同",
    "Contract amount": "合同金额",
    "Amount in CNY (on the ledger)": "折合人民币金额（记账金额）",
    "valid until": "有效期至",
    "Registration number": "登记编号",
    "Export licence number": "技术出口许可证编号",
    "Reason for refusal": "拒绝理由",
    "Submit for registration": "提交登记",
    "Record the terms of a technology import or export contract. The amount is converted "
    "to CNY once, with the rate and date you give; the deal's price (now %(price)s) becomes "
    "the converted amount, and payments on the ledger are made in CNY.": (
        "填写技术进出口合同条款。合同金额按您给出的汇率及其日期一次性折算为人民币；"
        "交易价格（当前为 %(price)s）将改为折算后的金额，账本上的付款以人民币进行。"
    ),
    "Save the changed terms": "保存修改后的条款",
    "Save cross-border terms": "保存技术进出口条款",
    "Cross-border contracts": "技术进出口合同",
    "Cross-border technology contracts": "技术进出口合同",
    "Exports in a restricted category of the export catalogue wait here for a government "
    "officer: approve with the export licence number, or refuse with a reason.": (
        "属于限制出口技术目录类别的出口合同在此等待政府工作人员审查："
        "批准时填写技术出口许可证编号，拒绝时说明理由。"
    ),
    "all states": "全部状态",
    "both directions": "进口和出口",
    "I confirm": "我确认",
    "No cross-border contracts here.": "这里没有技术进出口合同。",
    "The cross-border terms were not saved; see the fields marked.": (
        "技术进出口条款未保存；请查看标出的字段。"
    ),
    "Cross-border terms saved as a draft.": "技术进出口条款已保存为草稿。",
    "tick the box to confirm": "请勾选以确认",
    "Registered as %(no)s.": "已登记，编号 %(no)s。",
    "Sent to a government officer's review (restricted export).": (
        "已提交政府工作人员审查（限制出口技术）。"
    ),
    "Refused: %(reason)s": "已拒绝：%(reason)s",
    "Approved.": "已批准。",
    "Refused.": "已拒绝。",
    "Confirmation": "确认",
    "is required": "为必填项",
    "at most %(n)d characters": "最多 %(n)d 个字符",
    "must be one of %(values)s": "必须是以下之一：%(values)s",
    "give a date as YYYY-MM-DD": "请按 YYYY-MM-DD 格式填写日期",
    "a cross-border contract needs a counterpart outside China (not CN)": (
        "技术进出口合同的当事方须在中国境外（不能是 CN）"
    ),
    "give 2 to 6 digits, optionally ending in J or X (e.g. 083915X)": (
        "请填写 2 至 6 位数字，可以 J 或 X 结尾（例如 083915X）"
    ),
    "%(code)s is not a currency of payment": "%(code)s 不是可用于支付的货币",
    "must be a positive whole number": "必须是正整数",
    "give a positive amount in %(currency)s with at most %(n)d decimals": (
        "请填写以 %(currency)s 计的正数金额，最多 %(n)d 位小数"
    ),
    "give the rate (CNY per unit) as a number above 0 with at most 8 decimals": (
        "请填写大于 0 的汇率（每单位外币折合人民币），最多 8 位小数"
    ),
    "a contract in CNY has the rate 1": "以人民币计价的合同汇率为 1",
    "cannot be in the future": "不能晚于今天",
    "cannot be before the signing date": "不能早于签约日期",
    "converts to %(fen)d fen; must be between 1 and %(max)d fen": (
        "折合 %(fen)d 分；必须在 1 至 %(max)d 分之间"
    ),
    "you must log in to file cross-border terms": "填报技术进出口条款须先登录",
    "only a manager of the deal's seller, buyer or broker may do this": (
        "只有该交易卖方、买方或经纪机构的管理人员可以这样做"
    ),
    "cross-border terms are filed on agreed or signed deals; deal %(id)d is '%(state)s'": (
        "技术进出口条款只能在已达成或已签约的交易上填报；交易 %(id)d 处于“%(state)s”状态"
    ),
    "deal %(id)d already has paid milestones": "交易 %(id)d 已有已支付的里程碑",
    "converts to %(fen)d fen, less than the %(planned)d fen of planned milestones": (
        "折合 %(fen)d 分，少于已计划里程碑的 %(planned)d 分"
    ),
    "the cross-border contract of deal %(id)d is '%(state)s' and can no longer change": (
        "交易 %(id)d 的技术进出口合同处于“%(state)s”状态，不能再修改"
    ),
    "export of category %(category)s is prohibited by the Catalogue of Technologies "
    "Prohibited or Restricted from Export (2023)": (
        "类别 %(category)s 属于《中国禁止出口限制出口技术目录》（2023）禁止出口的技术，不得出口"
    ),
    "you must log in to review cross-border contracts": "审查技术进出口合同须先登录",
    "only officers of a government body review cross-border contracts": (
        "只有政府机构的工作人员可以审查技术进出口合同"
    ),
    "must be approve or refuse": "必须是 approve（批准）或 refuse（拒绝）",
    "an approval records the export licence number": "批准时须填写技术出口许可证编号",
    "say why the export is refused": "请说明拒绝出口的理由",
    "the deal has cross-border terms: its price is their converted amount %(fen)d fen "
    "(file the terms again to change it)": (
        "该交易已有技术进出口条款：价格为其折算金额 %(fen)d 分（如需修改，请重新填报条款）"
    ),
}
