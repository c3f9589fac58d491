"""Fill empty Chinese translations in the .po file from the glossary below, then compile.

Usage: ``.venv/bin/python scripts/translate_zh.py`` (after ``django-admin makemessages -l zh_Hans``
run in ``src/innofield``). Strings not in the glossary are listed so a person can add them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/innofield/locale/zh_Hans/LC_MESSAGES/django.po"

GLOSSARY = {
    # navigation and common words
    "Catalog": "目录",
    "Demands": "需求",
    "Organizations": "机构",
    "Regions": "地区",
    "Admin": "管理后台",
    "Language": "语言",
    "Log out": "退出",
    "Log in": "登录",
    "Username": "用户名",
    "Password": "密码",
    "open platform for regional innovation ecosystems": "区域创新生态开放平台",
    "synthetic": "合成数据",
    "Nothing found.": "没有找到结果。",
    "Search": "搜索",
    "Filter": "筛选",
    "previous": "上一页",
    "next": "下一页",
    "Save": "保存",
    "Edit": "编辑",
    "Retire": "下架",
    "Name": "名称",
    "Code": "代码",
    "Zone": "经济区域",
    "Region": "地区",
    "Fields": "领域",
    "Items": "资源",
    "Keywords": "关键词",
    "Source": "来源",
    "Budget": "预算",
    "Deadline": "截止日期",
    "Price": "价格",
    "Kind": "类别",
    "Title": "标题",
    "Description": "描述",
    "Owner": "所属机构",
    "Terms": "条款",
    "any kind": "全部类别",
    "any region": "全部地区",
    "any type": "全部类型",
    "Words in title or description": "标题或描述中的词",
    "Search the catalog": "搜索资源目录",
    "Share innovation factors across regions": "跨区域共享创新要素",
    "technologies": "项技术成果",
    "instruments": "台仪器设备",
    "services": "项服务",
    "organizations": "家机构",
    "open demands": "条开放需求",
    "hosted by": "依托单位",
    "Hosted laboratories": "依托的实验室",
    "Alliances": "所属联盟",
    "Latest items": "最新资源",
    "Preferred regions": "优先合作地区",
    "Keywords (separated by ;)": "关键词（用 ; 分隔）",
    "Price unit": "计价单位",
    "Technology readiness level (1–9)": "技术成熟度（1–9）",
    "Kind-specific details (JSON)": "类别专属信息（JSON）",
    "Budget (CNY)": "预算（元）",
    "Item created.": "资源已创建。",
    "New item": "发布资源",
    "Item saved.": "资源已保存。",
    "Edit item": "编辑资源",
    "Item retired.": "资源已下架。",
    "Demand published.": "需求已发布。",
    "New demand": "发布需求",
    # statuses and kinds
    "draft": "草稿",
    "active": "有效",
    "retired": "已下架",
    "open": "开放",
    "matched": "已匹配",
    "closed": "已关闭",
    "technology": "技术成果",
    "instrument": "仪器设备",
    "service": "服务",
    "expert": "专家",
    "computing": "算力",
    "capital": "资本",
    "space": "空间",
    "dataset": "数据集",
    "finance": "融资",
    "talent": "人才",
    # registry
    "name (Chinese)": "中文名称",
    "name (English)": "英文名称",
    "country": "国家",
    "province": "省级",
    "city": "市级",
    "district": "区县",
    "economic zone": "经济区域",
    "large enterprise": "大型企业",
    "small or medium enterprise": "中小企业",
    "specialized and innovative SME": "专精特新中小企业",
    "university": "高校",
    "research institute": "科研院所",
    "state key laboratory": "国家重点实验室",
    "new R&D institution": "新型研发机构",
    "public institution": "事业单位",
    "financial institution": "金融机构",
    "service agency": "科技服务机构",
    "government": "政府部门",
    "foreign-funded R&D centre": "外资研发中心",
    "member": "成员",
    "manager": "管理员",
    "programme officer": "项目主管",
    "administrator": "平台管理员",
}


def main() -> int:
    """Fill, save and compile; print the strings still untranslated."""
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.msgid_plural:
            if not entry.msgstr_plural.get(0) and entry.msgid == "%(n)s item":
                entry.msgstr_plural = {0: "%(n)s 项资源"}
            continue
        if not entry.msgstr and entry.msgid in GLOSSARY:
            entry.msgstr = GLOSSARY[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    missing = [e.msgid for e in po if not e.translated()]
    print(f"{len(po) - len(missing)} translated, {len(missing)} missing", file=sys.stderr)
    for msgid in missing:
        print(f"  {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
