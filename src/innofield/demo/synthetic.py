"""Generators of realistic synthetic records (instruments, services, firms, demands).

No public item-level catalogue of research instruments or firm demands exists, so the
demo fills those gaps with records generated from a fixed seed. Every generated
record is marked ``synthetic=True``; names and specifications are plausible, not real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

#: Instrument templates per lab field: (category, zh name, en name, makers, value range in 10k CNY).
INSTRUMENTS: dict[str, list[tuple[str, str, str, list[str], tuple[int, int]]]] = {
    "materials": [
        (
            "electron_microscopy",
            "场发射透射电子显微镜",
            "Field-emission transmission electron microscope",
            ["JEOL JEM-F200", "Thermo Fisher Talos F200X"],
            (800, 2500),
        ),
        (
            "electron_microscopy",
            "场发射扫描电子显微镜",
            "Field-emission scanning electron microscope",
            ["ZEISS Sigma 500", "Hitachi SU8020"],
            (300, 700),
        ),
        (
            "diffraction",
            "X射线衍射仪",
            "X-ray diffractometer",
            ["Bruker D8 Advance", "Rigaku SmartLab"],
            (150, 400),
        ),
        (
            "surface_analysis",
            "X射线光电子能谱仪",
            "X-ray photoelectron spectrometer",
            ["Thermo Fisher ESCALAB Xi+", "Kratos AXIS Supra"],
            (400, 900),
        ),
    ],
    "biology": [
        (
            "sequencing",
            "高通量基因测序仪",
            "High-throughput DNA sequencer",
            ["Illumina NovaSeq 6000", "MGI DNBSEQ-T7"],
            (500, 1200),
        ),
        (
            "cytometry",
            "流式细胞分选仪",
            "Flow cytometer and cell sorter",
            ["BD FACSAria III", "Beckman MoFlo Astrios"],
            (300, 600),
        ),
        (
            "microscopy",
            "激光扫描共聚焦显微镜",
            "Confocal laser scanning microscope",
            ["ZEISS LSM 980", "Leica STELLARIS 8"],
            (300, 800),
        ),
        (
            "cryo_em",
            "冷冻电子显微镜",
            "Cryo-electron microscope",
            ["Thermo Fisher Titan Krios G4"],
            (4000, 6000),
        ),
    ],
    "medicine": [
        (
            "mass_spectrometry",
            "液相色谱-质谱联用仪",
            "Liquid chromatography–mass spectrometer",
            ["Thermo Fisher Orbitrap Exploris 480", "SCIEX Triple Quad 6500+"],
            (300, 900),
        ),
        (
            "imaging",
            "小动物活体成像系统",
            "In vivo small-animal imaging system",
            ["PerkinElmer IVIS Spectrum"],
            (200, 400),
        ),
        (
            "imaging",
            "3.0T 磁共振成像系统",
            "3.0 T magnetic resonance imaging system",
            ["Siemens MAGNETOM Prisma", "United Imaging uMR 790"],
            (1500, 3000),
        ),
    ],
    "chemistry": [
        (
            "nmr",
            "600 MHz 核磁共振波谱仪",
            "600 MHz nuclear magnetic resonance spectrometer",
            ["Bruker AVANCE NEO 600", "JEOL JNM-ECZ600R"],
            (500, 1000),
        ),
        (
            "mass_spectrometry",
            "高分辨质谱仪",
            "High-resolution mass spectrometer",
            ["Thermo Fisher Q Exactive HF", "Agilent 6546 Q-TOF"],
            (300, 700),
        ),
        (
            "chromatography",
            "气相色谱-质谱联用仪",
            "Gas chromatography–mass spectrometer",
            ["Agilent 8890/5977B", "Shimadzu GCMS-TQ8050"],
            (80, 200),
        ),
    ],
    "geoscience": [
        (
            "isotope",
            "多接收电感耦合等离子体质谱仪",
            "Multi-collector ICP mass spectrometer",
            ["Thermo Fisher Neptune XT", "Nu Plasma 3"],
            (600, 1200),
        ),
        (
            "microprobe",
            "电子探针显微分析仪",
            "Electron probe microanalyser",
            ["JEOL JXA-iHP200F", "CAMECA SXFive"],
            (500, 900),
        ),
    ],
    "information": [
        (
            "computing",
            "高性能计算集群",
            "High-performance computing cluster",
            ["Sugon TC6600", "Inspur NF5488"],
            (500, 3000),
        ),
        (
            "rf_test",
            "矢量网络分析仪",
            "Vector network analyser",
            ["Keysight PNA-X N5247B", "Rohde & Schwarz ZNA67"],
            (200, 600),
        ),
    ],
    "engineering": [
        (
            "mechanical_test",
            "电子万能材料试验机",
            "Universal materials testing machine",
            ["Instron 5985", "ZwickRoell Z250"],
            (80, 300),
        ),
        ("vibration", "振动台试验系统", "Shaking-table test system", ["MTS 353.20"], (800, 3000)),
    ],
    "energy": [
        (
            "battery_test",
            "电池充放电测试系统",
            "Battery charge–discharge test system",
            ["Arbin LBT21084", "Neware CT-4008"],
            (50, 200),
        ),
        (
            "thermal",
            "同步热分析仪",
            "Simultaneous thermal analyser",
            ["NETZSCH STA 449 F5", "Mettler TGA/DSC 3+"],
            (60, 150),
        ),
    ],
    "agriculture": [
        (
            "phenotyping",
            "植物表型成像平台",
            "Plant phenotyping imaging platform",
            ["LemnaTec Scanalyzer 3D"],
            (300, 900),
        ),
        (
            "sequencing",
            "高通量基因测序仪",
            "High-throughput DNA sequencer",
            ["MGI DNBSEQ-G400"],
            (200, 500),
        ),
    ],
}
INSTRUMENTS["manufacturing"] = INSTRUMENTS["engineering"] + [
    (
        "metrology",
        "三坐标测量机",
        "Coordinate measuring machine",
        ["Hexagon GLOBAL S", "ZEISS CONTURA"],
        (100, 400),
    ),
]
INSTRUMENTS["mining"] = INSTRUMENTS["geoscience"]
INSTRUMENTS["healthcare"] = INSTRUMENTS["medicine"]
INSTRUMENTS["physics"] = INSTRUMENTS["materials"][:2] + INSTRUMENTS["information"][:1]
INSTRUMENTS["transport"] = INSTRUMENTS["engineering"]
INSTRUMENTS["general"] = INSTRUMENTS["materials"][:1] + INSTRUMENTS["chemistry"][:1]

SERVICES = [
    ("testing", "检验检测与认证服务", "Testing, inspection and certification"),
    ("proof_of_concept", "概念验证服务", "Proof-of-concept support"),
    ("incubation", "科技企业孵化服务", "Incubation for technology start-ups"),
    ("ip", "知识产权检索与布局", "Patent search and IP strategy"),
    ("valuation", "技术成果评估作价", "Valuation of technology and research results"),
    ("legal", "技术合同法律服务", "Legal services for technology contracts"),
    ("finance", "科技金融对接服务", "Matching tech firms with finance"),
    ("pilot_production", "中试熟化服务", "Pilot production and scale-up"),
]

FIRM_SECTORS = [
    ("生物医药", "biopharmaceuticals", "medicine"),
    ("新材料", "advanced materials", "materials"),
    ("集成电路", "integrated circuits", "information"),
    ("新能源", "new energy", "energy"),
    ("高端装备", "high-end equipment", "manufacturing"),
    ("医疗器械", "medical devices", "healthcare"),
    ("现代农业", "modern agriculture", "agriculture"),
    ("人工智能", "artificial intelligence", "information"),
    ("精细化工", "fine chemicals", "chemistry"),
    ("智能交通", "intelligent transport", "transport"),
]
_SYL = [
    "华",
    "科",
    "创",
    "新",
    "智",
    "联",
    "源",
    "博",
    "瑞",
    "泰",
    "恒",
    "达",
    "信",
    "安",
    "康",
    "诺",
    "睿",
    "迈",
    "鼎",
    "晟",
    "航",
    "宇",
    "天",
    "微",
    "芯",
    "元",
    "合",
    "力",
    "峰",
    "远",
]


@dataclass(frozen=True)
class Firm:
    """A synthetic enterprise."""

    name_zh: str
    name_en: str
    type: str
    sector_zh: str
    sector_en: str
    field: str


def firm(rng: random.Random, n: int) -> Firm:
    """A plausible synthetic technology firm."""
    zh_sector, en_sector, field = rng.choice(FIRM_SECTORS)
    brand = rng.choice(_SYL) + rng.choice(_SYL)
    type_ = rng.choices(["sme", "specialized_sme", "large_enterprise"], weights=[6, 3, 1])[0]
    return Firm(
        name_zh=f"{brand}{zh_sector}科技有限公司",
        name_en=f"{en_sector.title()} Technology Co. No. {n} (synthetic)",
        type=type_,
        sector_zh=zh_sector,
        sector_en=en_sector,
        field=field,
    )
