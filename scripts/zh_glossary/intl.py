"""zh for international actors (registry countries, foreign R&D centres, cooperation bases,
the observatory's International page)."""

GLOSSARY = {
    "International actors": "国际创新主体",
    "International": "国际",
    "Openness from the platform's own records, foreign-funded R&D centres in China, "
    "international cooperation bases and the organisations abroad that take part in deals, "
    "joint projects and alliances.": (
        "平台自身记录中的开放度、在华外资研发中心、国际科技合作基地，以及参与交易、联合项目和联盟的境外机构。"
    ),
    "Openness by province": "各省开放度",
    "Market deals that became contracts with a party abroad, and active or completed joint "
    "projects with a partner abroad, counted in the province of each party in China.": (
        "与境外一方签订合同的技术交易，以及有境外伙伴的在研或已完成联合项目，按每个境内参与方所在省份计数。"
    ),
    "Deals with a party abroad": "涉外技术交易",
    "Joint projects with a partner abroad": "有境外伙伴的联合项目",
    "No deal or joint project with a party abroad is recorded yet.": (
        "尚无涉外技术交易或有境外伙伴的联合项目记录。"
    ),
    "Foreign-funded R&D centres": "外资研发中心",
    "Centre": "中心",
    "Parent company": "母公司",
    "Parent's country": "母公司所在国",
    "International cooperation bases": "国际科技合作基地",
    "Host": "依托单位",
    "Partner countries": "合作国家",
    "All %(n)s cooperation bases": "全部 %(n)s 个合作基地",
    "Partners abroad": "境外合作伙伴",
    "Organisations abroad in deals (only the deals you may see), joint projects and "
    "alliances.": "参与技术交易（仅限您可查看的交易）、联合项目和联盟的境外机构。",
    "Country": "国家",
    "Website": "网站",
    "parent company": "母公司",
    "parent company's country": "母公司所在国",
    "only platform admins may register organisations": "只有平台管理员可以登记机构",
    "%(code)s is taken": "%(code)s 已被使用",
    "is required for an organisation in China": "境内机构必须填写",
    "only platform admins may record cooperation bases": "只有平台管理员可以登记合作基地",
    "must be 1–40 characters": "长度须为 1–40 个字符",
    "is required": "必填",
    "unknown kind %(kind)s; expected one of %(kinds)s": "未知类别 %(kind)s，应为以下之一：%(kinds)s",
    "must be an organisation in China": "必须是境内机构",
    "name at least one country": "请至少填写一个国家",
    "partners are countries abroad": "合作方必须是境外国家",
    "must be from %(first)s to %(last)s": "须在 %(first)s 至 %(last)s 之间",
    "name the public list, or mark the row synthetic": "请注明公开名单来源，或标记为虚构",
    "a foreign-funded R&D centre names its parent company": "外资研发中心须填写母公司",
    "a foreign-funded R&D centre names its parent company's country": (
        "外资研发中心须填写母公司所在国"
    ),
    "the parent company of a foreign-funded R&D centre is abroad": "外资研发中心的母公司须在境外",
    "only foreign-funded R&D centres name a parent company": "只有外资研发中心填写母公司",
    "an organisation in %(country)s has the region %(code)s (its country)": (
        "位于%(country)s的机构，其地区应为 %(code)s（所在国）"
    ),
    "the region %(region)s is abroad: set the country to %(code)s": (
        "地区 %(region)s 在境外：请将国家设为 %(code)s"
    ),
    "international innovation park": "国际创新园",
    "international joint research centre": "国际联合研究中心",
    "international technology transfer centre": "国际技术转移中心",
    "demonstration base of international S&T cooperation": "示范型国际科技合作基地",
    "joint laboratory": "联合实验室",
    "kind": "类别",
    "partner countries": "合作国家",
    "year recognised": "认定年份",
    "source": "来源",
    "only managers of this organisation may edit it": "只有本机构的管理者可以编辑",
    "National international S&T cooperation bases and joint laboratories hosted in China, "
    "with their partner countries. Rows marked synthetic are invented for the demo.": (
        "依托境内单位建设的国家国际科技合作基地和联合实验室及其合作国家。标记为虚构的条目为演示而编造。"
    ),
    "Partner country": "合作国家",
    "any partner country": "任意合作国家",
    "cooperation bases": "个合作基地",
    "A foreign-funded R&D centre names its parent company and the parent's country. An "
    "organisation abroad is placed in its country's region.": (
        "外资研发中心须填写母公司及其所在国。境外机构归入其所在国的地区。"
    ),
    "any country": "任意国家",
}
