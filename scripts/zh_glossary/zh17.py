"""zh for the market's listing, deal, milestone, objection and cross-border refusals, the
booking facility, policy and invoice refusals, the notifications said in the reader's
language, and the field names refusals name (helper zh17)."""

GLOSSARY = {
    # notifications (booking.notices)
    "Your booking %(booking)s awaits approval.": "您的预约 %(booking)s 正在等待审批。",
    "Booking %(booking)s needs approval.": "预约 %(booking)s 需要审批。",
    "Your booking %(booking)s is confirmed.": "您的预约 %(booking)s 已确认。",
    "Time you waited for on instrument %(instrument)s is free from %(start)s; book it now.": (
        "您在仪器 %(instrument)s 上候补的时段自 %(start)s 起已空出，请尽快预约。"
    ),
    "Your booking %(booking)s was confirmed.": "您的预约 %(booking)s 已获批准。",
    "Your booking %(booking)s was rejected.": "您的预约 %(booking)s 已被驳回。",
    "Booking %(booking)s was cancelled; fee %(fee)s.": "预约 %(booking)s 已取消；费用 %(fee)s。",
    "Booking %(booking)s completed; charge %(charge)s.": (
        "预约 %(booking)s 已完成；费用 %(charge)s。"
    ),
    "Booking %(booking)s was released: no check-in within %(minutes)s min; fee %(fee)s.": (
        "预约 %(booking)s 已释放：%(minutes)s 分钟内未签到；费用 %(fee)s。"
    ),
    "Booking %(booking)s was cancelled free of charge: %(kind)s %(reason)s": (
        "预约 %(booking)s 已免费取消：%(kind)s %(reason)s"
    ),
    "Booking %(booking)s overlaps a planned %(kind)s (%(reason)s); please rebook.": (
        "预约 %(booking)s 与计划中的%(kind)s（%(reason)s）冲突，请重新预约。"
    ),
    "Booking %(booking)s: invoice %(invoice)s of %(amount)s to pay.": (
        "预约 %(booking)s：账单 %(invoice)s 待支付 %(amount)s。"
    ),
    "Notifications": "通知",
    "Arab Accounting Dinar": "阿拉伯记账第纳尔",
    "Caribbean Guilder": "加勒比盾",
    "Zimbabwe Gold": "津巴布韦金元",
    # booking: policy, blackouts, qualifications, invoices
    "is not a policy field": "不是预约政策的字段",
    "must be an amount from %(low)s to %(high)s": "金额须在 %(low)s 至 %(high)s 之间",
    "%(user)s is not qualified on instrument %(instrument)s": (
        "%(user)s 没有仪器 %(instrument)s 的使用资格"
    ),
    "you must log in to pay an invoice": "请先登录再支付账单",
    "only a manager, officer or admin of %(payer)s may pay its invoices": (
        "只有 %(payer)s 的管理员、专员或系统管理员可以支付其账单"
    ),
    "%(payer)s has no ledger account %(account)s: open and fund it first": (
        "%(payer)s 没有账户 %(account)s：请先开立账户并注入资金"
    ),
    "booking %(booking)s was used inside its owner: nothing was billed": (
        "预约 %(booking)s 为仪器所属机构内部使用：没有产生账单"
    ),
    "the firm has not paid invoice %(invoice)s of booking %(booking)s: pay it first, or let "
    "the voucher pay the provider directly (mode direct)": (
        "企业尚未支付预约 %(booking)s 的账单 %(invoice)s：请先支付，"
        "或让创新券直接支付给服务方（直接支付方式）"
    ),
    "invoice %(invoice)s of booking %(booking)s has %(due)s left to pay, less than the "
    "voucher's share %(share)s; a voucher can only reimburse the firm for a paid bill "
    "(mode reimburse)": (
        "预约 %(booking)s 的账单 %(invoice)s 尚欠 %(due)s，少于创新券应付的 %(share)s；"
        "此时创新券只能为已支付的账单向企业报销（报销方式）"
    ),
    "the voucher's share did not reach the provider": "创新券应付部分未到达服务方",
    "must be a positive whole number of minutes": "须为正整数分钟",
    "must be a whole number, zero or more": "须为零或正整数",
    "must not be less than the shortest booking": "不得短于最短预约时长",
    "must be after the opening time, on the same day": "须晚于开放时间，且在同一天内",
    "unknown time zone %(zone)s; use an IANA name like Asia/Shanghai": (
        "未知时区 %(zone)s；请使用 IANA 时区名，如 Asia/Shanghai"
    ),
    "choose at least one weekday": "请至少选择一个开放日",
    "needs scope in %(scopes)s and period in %(periods)s": (
        "范围须为 %(scopes)s 之一，周期须为 %(periods)s 之一"
    ),
    "needs max_hours or max_bookings": "须设定最多小时数或最多预约次数",
    "the stored booking policy of instrument %(instrument)s holds invalid values in "
    "%(fields)s; a facility manager must set them again on the instrument's page (or PUT "
    "/api/instruments/%(instrument)s/policy)": (
        "仪器 %(instrument)s 已保存的预约政策中 %(fields)s 的值无效；"
        "须由设施管理员在仪器页面重新设定（或 PUT /api/instruments/%(instrument)s/policy）"
    ),
    # field names that refusals name (core.field_names)
    "owners": "共有人",
    "contract_types": "合同类型",
    "contract_type": "合同类型",
    "notice_days": "公示天数",
    "asking_price": "挂牌价格",
    "auction_kind": "拍卖方式",
    "broker": "经纪机构",
    "transition": "操作",
    "technology_field": "技术领域",
    "outcome": "处理结果",
    "resolution": "处理意见",
    "winner": "中标投标",
    "winner_bid_id": "中标投标",
    "ends_at": "截止时间",
    "bidder": "出价方",
    "direction": "方向",
    "state": "状态",
    "open_until": "关闭时间",
    "open_days": "开放日",
    "min_minutes": "最短预约时长",
    "max_minutes": "最长预约时长",
    "granularity_minutes": "开始时间间隔",
    "quotas": "配额",
    "on_clash": "时段内的预约",
    "user": "用户",
    "account": "账户",
    "kind": "类别",
    "zone": "时区",
    # market: deals
    "no deal with id %(id)s": "没有编号为 %(id)s 的交易",
    "listing %(listing)s is in state '%(state)s' and takes no inquiries": (
        "挂牌 %(listing)s 当前状态为“%(state)s”，不接受询价"
    ),
    "listing %(listing)s is traded by %(mode)s; place a bid, not an inquiry": (
        "挂牌 %(listing)s 的交易方式为%(mode)s；请出价，而不是询价"
    ),
    "%(buyer)s co-owns this listing and cannot buy it": "%(buyer)s 是此挂牌的共有人，不能购买",
    "%(buyer)s already has an open deal on listing %(listing)s": (
        "%(buyer)s 在挂牌 %(listing)s 上已有进行中的交易"
    ),
    "the listing offers only %(types)s": "此挂牌只提供：%(types)s",
    "cannot be below the listed price %(price)s": "不得低于挂牌价格 %(price)s",
    "the price of a won auction or tender is the winning bid (%(price)s)": (
        "拍卖或招标成交的价格即中标出价（%(price)s）"
    ),
    "the deal has cross-border terms: its price is their converted amount %(amount)s (file "
    "the terms again to change it)": (
        "此交易有跨境条款：其价格为条款折算后的金额 %(amount)s（如需更改，请重新填报条款）"
    ),
    "listing %(listing)s is already agreed with another buyer": (
        "挂牌 %(listing)s 已与另一买方达成一致"
    ),
    "unknown deal transition %(step)s": "未知的交易操作 %(step)s",
    "registration needs the technology field": "登记须填写技术领域",
    "the public-notice period of listing %(listing)s runs until %(end)s; the contract "
    "cannot be signed before it ends": (
        "挂牌 %(listing)s 的公示期至 %(end)s 结束；公示期结束前不能签订合同"
    ),
    "listing %(listing)s has %(count)s open objection(s); the contract cannot be signed "
    "until they are resolved": (
        "挂牌 %(listing)s 有 %(count)s 项未处理的异议；处理完毕前不能签订合同"
    ),
    " and ": "和",
    "the %(roles)s already signed deal %(deal)s; waiting for the %(other)s": (
        "%(roles)s已签署交易 %(deal)s；正在等待%(other)s签署"
    ),
    "deal %(deal)s has %(count)s milestone(s) neither paid nor cancelled": (
        "交易 %(deal)s 有 %(count)s 个里程碑既未支付也未取消"
    ),
    "deal %(deal)s has no paid milestone; plan and pay at least one": (
        "交易 %(deal)s 没有已支付的里程碑；请至少计划并支付一个"
    ),
    "only the deal's seller or buyer may name its broker": "只有交易的卖方或买方可以指定经纪机构",
    "deal %(deal)s is %(state)s; its broker can no longer change": (
        "交易 %(deal)s 当前状态为“%(state)s”，不能再更换经纪机构"
    ),
    # market: listings
    "no listing with id %(id)s": "没有编号为 %(id)s 的挂牌",
    "withdraw this listing": "撤回此挂牌",
    "relist this listing": "重新挂牌",
    "publish this listing": "发布此挂牌",
    "open bidding on this listing": "开启此挂牌的竞价",
    "close bidding on this listing": "结束此挂牌的竞价",
    "%(org)s is a %(type)s, not a service agency": "%(org)s 是%(type)s，不是服务机构",
    "is required for this trade mode": "此交易方式必须填写",
    "give the id of a catalog item": "请给出资源目录中的资源编号",
    "no catalog item with id %(id)s": "资源目录中没有编号为 %(id)s 的资源",
    "the owners and shares of a listing come from the catalog item's recorded ownership "
    "(%(owners)s); change the item's co_owners to change them": (
        "挂牌的共有人及份额取自资源目录记录的权属（%(owners)s）；如需更改，请修改该资源的共有人"
    ),
    "only technology items can be listed, item %(id)s is a %(kind)s": (
        "只有技术成果可以挂牌，资源 %(id)s 的类别为%(kind)s"
    ),
    "item %(id)s is %(status)s, not active": "资源 %(id)s 当前状态为“%(status)s”，未处于启用状态",
    "unknown type %(type)s; use %(values)s": "未知类型 %(type)s；请使用 %(values)s",
    "must be a whole number of days from 0 to %(most)s": "须为 0 至 %(most)s 之间的整数天数",
    "a listing with public notice needs a notice period of at least 1 day": (
        "挂牌公示的公示期至少为 1 天"
    ),
    "an ascending auction needs a positive bid increment": "增价拍卖须设定大于零的加价幅度",
    # market: milestones
    "milestones can be planned on agreed, signed or registered deals; "
    "deal %(deal)s is '%(state)s'": (
        "只有已达成、已签订或已登记的交易可以计划里程碑；交易 %(deal)s 当前状态为“%(state)s”"
    ),
    "milestones would total %(total)s, above the price %(price)s": (
        "里程碑合计将为 %(total)s，超过成交价格 %(price)s"
    ),
    "unknown milestone transition %(step)s": "未知的里程碑操作 %(step)s",
    "no milestone with id %(id)s": "没有编号为 %(id)s 的里程碑",
    "only milestones of a signed contract can be paid; deal %(deal)s is %(state)s": (
        "只有已签订合同的里程碑可以支付；交易 %(deal)s 当前状态为“%(state)s”"
    ),
    # market: objections
    "say what the objection is": "请说明异议内容",
    "you must log in to raise an objection": "请先登录再提出异议",
    "objections are accepted only during the public-notice period of a published listing "
    "(state %(state)s, notice ends %(end)s)": (
        "只在已发布挂牌的公示期内受理异议（当前状态“%(state)s”，公示期结束：%(end)s）"
    ),
    "never": "无",
    "must be dismiss or uphold": "须为驳回或支持",
    "give the reasons for the decision": "请说明处理理由",
    "no objection with id %(id)s": "没有编号为 %(id)s 的异议",
    "a signed contract exists for this listing; terminate it before upholding": (
        "此挂牌已有签订的合同；支持异议前须先终止该合同"
    ),
    # market: who may act
    "you must log in to %(step)s a deal": "请先登录再对交易执行“%(step)s”",
    "only a manager of the deal's %(parties)s may %(step)s this deal": (
        "只有交易%(parties)s的管理员可以对此交易执行“%(step)s”"
    ),
    "only a member of the deal's %(parties)s may %(step)s this deal": (
        "只有交易%(parties)s的成员可以对此交易执行“%(step)s”"
    ),
    " or ": "或",
    "you must log in to %(what)s": "请先登录再%(what)s",
    "only members of the seller %(seller)s or the listing's broker may %(what)s": (
        "只有卖方 %(seller)s 或此挂牌经纪机构的成员可以%(what)s"
    ),
    "you must log in to list a technology": "请先登录再挂牌技术成果",
    "only managers of the item's owner %(owner)s (roles: %(roles)s) may list item %(item)s "
    "on the market": (
        "只有资源所属机构 %(owner)s 的管理人员（角色：%(roles)s）可以将资源 %(item)s 挂牌交易"
    ),
    "only the listing's broker or a platform admin may resolve an objection": (
        "只有挂牌的经纪机构或平台管理员可以处理异议"
    ),
    # market: co-owners' shares
    'give shares as decimal strings such as "0.35", not floats': (
        '份额请写成小数文本，如 "0.35"，不要用浮点数'
    ),
    "%(value)s is not a decimal number": "%(value)s 不是小数",
    "must be greater than 0 and at most 1, got %(value)s": "须大于 0 且不超过 1，实际为 %(value)s",
    "at most 6 decimal places": "最多 6 位小数",
    "at least one co-owner is required": "至少需要一个共有人",
    "%(code)s is listed twice": "%(code)s 重复出现",
    "shares must sum to exactly 1, they sum to %(total)s": "份额之和须恰好为 1，现为 %(total)s",
    "must be the number of a record, not %(text)s": "须为记录编号，而不是 %(text)s",
    # market: cross-border
    "converts to %(cny)s; must be between %(low)s and %(high)s": (
        "折合 %(cny)s；须在 %(low)s 至 %(high)s 之间"
    ),
    "no cross-border contract with id %(id)s": "没有编号为 %(id)s 的跨境合同",
    "must be import or export": "须为进口或出口",
    "must be seller, buyer or broker": "须为卖方、买方或经纪机构",
    "the buyer %(buyer)s has no ledger account %(account)s; open and fund it before paying": (
        "买方 %(buyer)s 没有账户 %(account)s；请先开立账户并注入资金再支付"
    ),
    "converts to %(cny)s, less than the %(planned)s of planned milestones": (
        "折合 %(cny)s，少于已计划里程碑的 %(planned)s"
    ),
}
