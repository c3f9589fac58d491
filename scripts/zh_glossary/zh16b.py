"""zh for the booking actions' refusals (taken time, who may cancel or check in/out), the
market's bidding refusals, and the voucher grant, policy and report pages (helper zh16b)."""

GLOSSARY = {
    "you must log in to book an instrument": "请先登录再预约仪器",
    "you must belong to an organization to book (it is billed)": (
        "预约须属于某个机构（费用向机构结算）"
    ),
    "the time is taken: booking %(booking)s holds %(start)s – %(end)s (buffer included)": (
        "该时段已被占用：预约 %(booking)s 占用 %(start)s – %(end)s（含缓冲时间）"
    ),
    "at most %(count)s characters and no NUL characters (longer is refused)": (
        "最多 %(count)s 个字符，且不得含 NUL 字符（更长的将被拒绝）"
    ),
    "the instrument is not active in the catalog": "该仪器在目录中未处于启用状态",
    "the time is taken: another booking was made for an overlapping time": (
        "该时段已被占用：另一项预约刚刚占用了重叠的时间"
    ),
    "only the booker or the instrument's facility managers may cancel it": (
        "只有预约人或该仪器的设施管理员可以取消此预约"
    ),
    "only the booker or the instrument's facility managers may check it in": (
        "只有预约人或该仪器的设施管理员可以为此预约签到"
    ),
    "only the booker or the instrument's facility managers may check it out": (
        "只有预约人或该仪器的设施管理员可以为此预约签退"
    ),
    "where the policy requires approval, a booking must be approved by someone other "
    "than its booker": "政策要求审批时，预约须由预约人以外的人批准",
    "check-in is open from %(minutes)s min before the start until the end of the booking "
    "(%(start)s – %(end)s)": ("签到时间为开始前 %(minutes)s 分钟至预约结束（%(start)s – %(end)s）"),
    "no user called %(name)s": "没有名为 %(name)s 的用户",
    "must be a positive amount, at most %(most)s": "须为正数金额，最多 %(most)s",
    "%(bidder)s already holds the highest bid (%(amount)s)": (
        "%(bidder)s 已持有最高出价（%(amount)s）"
    ),
    "must be at least %(floor)s (the starting price)": "不得低于 %(floor)s（起拍价）",
    "must be at least %(floor)s (the highest bid %(top)s plus the increment)": (
        "不得低于 %(floor)s（当前最高出价 %(top)s 加加价幅度）"
    ),
    "%(bidder)s has already submitted a sealed tender bid": "%(bidder)s 已提交过密封投标",
    "%(bidder)s has already submitted a sealed auction bid": "%(bidder)s 已提交过密封竞价",
    "must be a multiple of the increment %(step)s": "须为加价幅度 %(step)s 的整数倍",
    "must be at least the starting price %(start)s": "不得低于起拍价 %(start)s",
    "only auction and tender listings take bids; this one is traded by %(mode)s": (
        "只有拍卖和招标挂牌接受出价；此挂牌的交易方式为%(mode)s"
    ),
    "must be in the future": "须为将来的时间",
    "listing %(listing)s is %(state)s, not taking bids": (
        "挂牌 %(listing)s 当前状态为“%(state)s”，不接受出价"
    ),
    "bidding on listing %(listing)s ended at %(end)s": "挂牌 %(listing)s 的竞价已于 %(end)s 结束",
    "%(bidder)s is a co-owner or the broker of this listing and may not bid": (
        "%(bidder)s 是此挂牌的共有人或经纪机构，不得出价"
    ),
    "bidding runs until %(end)s; it cannot close earlier": ("竞价持续至 %(end)s，不能提前结束"),
    "name one of this tender's bids to award": "请指定本次招标中要授予的一项投标",
    "give the reason for awarding the tender": "请说明授予该投标的理由",
    "Budget left": "剩余预算",
    "Granted, not yet redeemed": "已发放未兑付",
    "Cap per contract": "每份合同上限",
    "Gross": "总额",
    "China Standard Time (Beijing)": "北京时间（中国标准时间）",
    "Hong Kong": "香港",
    "Macao": "澳门",
    "Coordinated Universal Time": "协调世界时",
    "none (final state)": "无（终止状态）",
    "cannot %(transition)s a %(machine)s in state '%(state)s'; allowed transitions from "
    "'%(state)s': %(allowed)s": (
        "%(machine)s当前状态为“%(state)s”，不能执行“%(transition)s”；此状态下可执行：%(allowed)s"
    ),
    "alliance membership": "联盟成员资格",
    "booking": "预约",
    "booking invoice": "预约账单",
    "challenge submission": "挑战赛提交",
    "computing job": "算力作业",
    "computing offer": "算力供给",
    "credit line": "信贷额度",
    "cross_border": "技术进出口合同",
    "data agreement": "数据协议",
    "deal": "交易",
    "expert consultation": "专家咨询",
    "innovation challenge": "创新挑战赛",
    "job": "任务",
    "joint project": "联合项目",
    "listing": "挂牌",
    "milestone": "里程碑",
    "objection": "异议",
    "organisation alliance": "机构联盟",
    "policy": "政策",
    "policy evaluation": "政策评估",
    "policy task": "政策任务",
    "project milestone": "项目里程碑",
    "talent demand": "人才需求",
    "talent profile consent": "人才档案授权",
    "voucher grant": "创新券发放",
    "voucher programme": "创新券项目",
    "voucher redemption": "创新券兑付",
}
