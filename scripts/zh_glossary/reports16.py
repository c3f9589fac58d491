"""zh for the booking rules' and the vouchers' messages (refusals shown on pages), their
field names, and the booking pages' messages."""

GLOSSARY = {
    "must be an ISO 8601 date-time with a UTC offset": "须为带 UTC 偏移的 ISO 8601 日期时间",
    "equals start: a booking cannot be zero-length": "与开始时间相同：预约时长不能为零",
    "is before start: the interval is reversed": "早于开始时间：时间段颠倒了",
    "is out of the supported date range": "超出支持的日期范围",
    "%(h)s h %(m)s min": "%(h)s 小时 %(m)s 分钟",
    "%(h)s h": "%(h)s 小时",
    "the booking lasts %(minutes)s min; the minimum is %(limit)s": (
        "预约时长 %(minutes)s 分钟；最短为 %(limit)s"
    ),
    "the booking lasts %(minutes)s min; the maximum is %(limit)s": (
        "预约时长 %(minutes)s 分钟；最长为 %(limit)s"
    ),
    "%(name)s must fall on a %(step)s-minute step of local time (%(zone)s)": (
        "%(name)s须落在当地时间（%(zone)s）每 %(step)s 分钟的整点刻度上"
    ),
    "the length must be a multiple of %(step)s min": "时长须为 %(step)s 分钟的整数倍",
    "bookings must start at least %(notice)s from now": "预约须至少提前 %(notice)s 开始",
    "the booking starts in the past": "预约的开始时间已经过去",
    "bookings may start at most %(days)s days ahead": "预约最多只能提前 %(days)s 天",
    "the instrument is open %(from)s–%(until)s on %(days)s (%(zone)s)": (
        "该仪器的开放时间为%(days)s %(from)s–%(until)s（%(zone)s）"
    ),
    "the instrument is unavailable %(start)s – %(end)s (%(zone)s)": (
        "该仪器在 %(start)s – %(end)s（%(zone)s）不可用"
    ),
    "only users qualified on this instrument may book it": "只有获得该仪器使用资格的用户才能预约",
    "at most %(count)s bookings per %(scope)s per %(period)s": (
        "每个%(scope)s每%(period)s最多预约 %(count)s 次"
    ),
    "at most %(hours)s h per %(scope)s per %(period)s; %(used)s h already booked": (
        "每个%(scope)s每%(period)s最多 %(hours)s 小时；已预约 %(used)s 小时"
    ),
    "Mon": "周一",
    "Tue": "周二",
    "Wed": "周三",
    "Thu": "周四",
    "Fri": "周五",
    "Sat": "周六",
    "Sun": "周日",
    "every day": "每天",
    "end": "结束时间",
    "purpose": "用途",
    "user": "用户",
    "account": "账户",
    "samples": "样品数",
    "kind": "类型",
    "on_clash": "冲突处理",
    "day": "日",
    "week": "周",
    "Booking %(id)s: %(status)s.": "预约 %(id)s：%(status)s。",
    "there is no %(what)s %(id)s": "不存在%(what)s %(id)s",
    "booking %(id)s is %(status)s, not completed": "预约 %(id)s 的状态为%(status)s，尚未完成",
    "booking %(id)s is not this firm's booking at this provider": (
        "预约 %(id)s 不是该企业在该服务方的预约"
    ),
    "booking %(id)s was not charged anything": "预约 %(id)s 未产生任何费用",
    "booking %(id)s": "预约 %(id)s",
    "milestone %(id)s is %(state)s, not paid": "里程碑 %(id)s 的状态为%(state)s，尚未付款",
    "milestone %(id)s is not of a contract between this firm and provider": (
        "里程碑 %(id)s 不属于该企业与该服务方之间的合同"
    ),
    "milestone %(id)s": "里程碑 %(id)s",
    "%(evidence)r is not evidence the platform can check; give %(kinds)s": (
        "%(evidence)r 不是平台可以核验的凭证；请提供 %(kinds)s"
    ),
    "only members of the granted firm (or, in direct mode, of the provider) may redeem this "
    "voucher": "只有获券企业的成员（直接支付模式下也可以是服务方的成员）才能兑付此创新券",
    "no item %(id)s offered by %(code)s": "%(code)s 没有提供编号为 %(id)s 的条目",
    "%(price)s is more than %(what)s is worth (%(value)s)": (
        "%(price)s 超过了%(what)s的价值（%(value)s）"
    ),
    "a clawback needs a reason": "追回须说明理由",
    "must be at most %(amount)s": "不得超过 %(amount)s",
    "must be at most %(days)s": "不得超过 %(days)s",
    "must be between 1 and 10000000": "须在 1 到 10000000 之间",
    "must be between 0.01 % and 100 %": "须在 0.01% 到 100% 之间",
    "must be greater than zero when given": "填写时须大于零",
    "must not be negative": "不得为负数",
    "must not be before the first valid day": "不得早于有效期的第一天",
    "must be a non-empty subset of %(modes)s": "须为 %(modes)s 中的一项或多项",
    "organization type %(type)s is not eligible (eligible: %(types)s)": (
        "机构类型“%(type)s”不符合条件（符合条件的类型：%(types)s）"
    ),
    "the firm's size (employees) is unknown; the programme requires at most %(limit)s "
    "employees": "企业规模（员工人数）未知；该计划要求员工不超过 %(limit)s 人",
    "%(count)s employees exceed the limit of %(limit)s": "%(count)s 名员工超过了 %(limit)s 人的上限",
    "region %(region)s is outside the eligible regions %(regions)s": (
        "地区 %(region)s 不在符合条件的地区 %(regions)s 之内"
    ),
    "must be a positive amount": "须为正的金额",
    "the programme is valid from %(start)s to %(end)s, not on %(today)s": (
        "该计划的有效期为 %(start)s 至 %(end)s，不包括 %(today)s"
    ),
    "exceeds the cap per firm per year: %(left)s of %(cap)s left this year": (
        "超过了每家企业每年的上限：今年 %(cap)s 中还剩 %(left)s"
    ),
    "the firm cannot redeem at itself": "企业不能在本企业兑付",
    "firm and provider share the same host organization": "企业与服务方隶属于同一个上级机构",
    "one of firm and provider hosts the other": "企业与服务方之间存在隶属关系",
    "firm and provider share %(count)s member(s)": "企业与服务方有 %(count)s 名共同成员",
    "must be a positive amount, at most %(max)s": "须为正的金额，且不超过 %(max)s",
    "must be at most 40 characters": "不得超过 40 个字符",
    "must be one of %(modes)s for this programme": "在该计划中须为 %(modes)s 之一",
    "%(kind)s is not accepted (accepted: %(kinds)s)": "不接受“%(kind)s”（接受：%(kinds)s）",
    "providers in %(region)s are not accepted (accepted: %(regions)s)": (
        "不接受 %(region)s 的服务方（接受：%(regions)s）"
    ),
    "delivery evidence is required as booking:<id>, milestone:<id>, "
    "computing:<id>, consultation:<id> or usage:<id>": (
        "须提供交付凭证：booking:<编号>、milestone:<编号>、computing:<编号>、"
        "consultation:<编号> 或 usage:<编号>"
    ),
    "the grant is not active": "该创新券未处于有效状态",
    "the grant expired on %(day)s": "该创新券已于 %(day)s 到期",
    "nothing is left on the grant": "该创新券已无余额",
    "related parties: %(why)s": "关联方：%(why)s",
    "too small: the voucher's share rounds down to nothing": "金额过小：创新券承担的部分舍入后为零",
    "contract splitting: %(earlier)s already paid to this firm at this provider within "
    "%(days)s days; together this exceeds the cap per contract of %(cap)s": (
        "拆分合同：%(days)s 天内已向该企业在该服务方支付 %(earlier)s；合计超过每份合同 %(cap)s 的上限"
    ),
    "evidence": "交付凭证",
    "price": "价格",
    "amount": "金额",
    "provider": "服务方",
    "mode": "支付方式",
    "service_kind": "服务类型",
    "firm": "企业",
    "item_id": "条目",
    "key": "幂等键",
}
