"""The company-profile fields (docs/profile.md is generated from this table), as data the whole app reads.

One entry per field: its key (the contract), its Chinese and English labels, its kind
(which decides parsing, bounds and units), the fiscal period it belongs to, and a help text.
The pydantic model (profile.py), the input forms, the batch template and the error messages
are all generated from this table, so a field is described exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from .i18n import Bilingual, bilingual
from .periods import PERIODS

Kind = Literal[
    "text", "year", "enum", "bool",
    "money",          # 万元, >= 0
    "money_signed",   # 万元, may be negative (a loss)
    "persons",        # 人, integer >= 0
    "count",          # 项, integer >= 0
    "rank",           # 名, integer >= 1
    "years",          # 年, decimal >= 0
    "percent",        # %, 0-100
    "score",          # 分, 0-100
    "level",          # small bounded integer (digital level, quality items)
    "points",         # 分, bounded decimal (local feature score 0-15)
]

# Which fiscal year (or date) a field belongs to. The suffix of the key tells for flows;
# balance-sheet fields are 上年末; scores are by publication year.
Period = Literal["y1", "y2", "y3", "year_end", "current", "previous", "to_year_end",
                 "last3", "last5", "at_application", "none",
                 "prev_and_current"]      # 115号: "填报上一年及当年" (the filing year and the year before)


@dataclass(frozen=True, slots=True)
class Option(Bilingual):
    value: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()     # further accepted input words (e.g. an older label)


@dataclass(frozen=True, slots=True)
class FieldSpec(Bilingual):
    """A profile field: `.get(lang)` its name; `.short`, `.help`, `.unit_text` its other words as Text."""
    key: str
    zh: str
    en: str
    kind: Kind
    period: Period = "none"
    help_zh: str = ""
    help_en: str = ""
    options: tuple[Option, ...] = ()
    lo: int | None = None      # inclusive bounds for level/points/percent/score
    hi: int | None = None
    aliases: tuple[str, ...] = ()   # extra accepted headers (besides key and zh label)
    unit: tuple[str, str] | None = None   # overrides the kind's unit (zh, en)

    @property
    def short_zh(self) -> str:
        """The label without its bracketed qualifier: 营业收入（上年度） → 营业收入."""
        return self.zh.split("（")[0]

    @property
    def short_en(self) -> str:
        return self.en.split(" (")[0]

    @property
    def unit_zh(self) -> str:
        return (self.unit or UNITS[self.kind])[0]

    @property
    def unit_en(self) -> str:
        return (self.unit or UNITS[self.kind])[1]

    short = bilingual("short")
    help = bilingual("help")
    unit_text = bilingual("unit")

    def option(self, value: str) -> Option | None:
        for o in self.options:
            if o.value == value:
                return o
        return None


# kind -> (unit zh, unit en)
UNITS: dict[str, tuple[str, str]] = {
    "text": ("", ""), "year": ("年", ""), "enum": ("", ""), "bool": ("", ""),
    "money": ("万元", "×10k CNY"), "money_signed": ("万元", "×10k CNY"),
    "persons": ("人", "persons"), "count": ("项", "items"), "rank": ("名", "rank"),
    "years": ("年", "years"), "percent": ("%", "%"), "score": ("分", "points"),
    "level": ("级", "level"), "points": ("分", "points"),
}

O = Option
INDUSTRIES = (
    O("agriculture", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry, fishery"),
    O("industry", "工业", "Industry (mining, manufacturing, utilities)"),
    O("construction", "建筑业", "Construction"),
    O("wholesale", "批发业", "Wholesale"),
    O("retail", "零售业", "Retail"),
    O("transport", "交通运输业", "Transport"),
    O("warehousing", "仓储业", "Warehousing"),
    O("postal", "邮政业", "Postal services"),
    O("accommodation", "住宿业", "Accommodation"),
    O("catering", "餐饮业", "Catering"),
    O("telecom", "信息传输业", "Information transmission"),
    O("software", "软件和信息技术服务业", "Software and IT services"),
    O("real_estate", "房地产开发经营", "Real-estate development"),
    O("property_mgmt", "物业管理", "Property management"),
    O("leasing_business", "租赁和商务服务业", "Leasing and business services"),
    O("other", "其他未列明行业", "Other industries"),
)

_y = {y: PERIODS[y].zh for y in ("y1", "y2", "y3")}          # the one table of period labels
_ye = {y: PERIODS[y].en for y in ("y1", "y2", "y3")}


def _yearly(stem: str, zh: str, en: str, help_zh: str, help_en: str, years=("y1", "y2", "y3"),
            kind: Kind = "money") -> list[FieldSpec]:
    return [FieldSpec(f"{stem}_{y}", f"{zh}（{_y[y]}）", f"{en} ({_ye[y]})", kind, y, help_zh, help_en)
            for y in years]


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("company_name", "企业名称", "Company name", "text",
              help_zh="用于报告和批量结果，不参与判断。", help_en="Shown in reports and batch output; not judged."),
    FieldSpec("assessment_year", "评估年度", "Assessment year", "year",
              help_zh="申报（评估）年度 A；上年度 = A−1。默认当年。",
              help_en="Application year A; the last fiscal year is A−1. Defaults to this year."),
    FieldSpec("application_type", "申报类型", "Application type", "enum",
              options=(O("new", "新申报", "New application"), O("review", "复核", "Review (复核)")),
              help_zh="新申报或到期复核；决定适用标准和部分条款。",
              help_en="New application or review at expiry; decides the standard and some rules."),
    FieldSpec("industry", "所属行业", "Industry", "enum", options=INDUSTRIES,
              help_zh="按《中小企业划型标准规定》（工信部联企业〔2011〕300号）的行业，用于判断是否为中小企业。",
              help_en="Industry under the 2011 SME size rules (No. 300); decides SME status."),
    FieldSpec("employees", "从业人员数", "Employees", "persons", "y1",
              help_zh="上年度从业人员（人）；用于中小企业划型、研发人员占比、科技人员占比。",
              help_en="Employees in the last fiscal year; used for SME size and staff shares."),
    *_yearly("revenue", "营业收入", "Operating revenue",
             "营业总收入（不是主营业务收入），万元。", "Total operating revenue (not main-business revenue), ×10k CNY."),
    *_yearly("main_revenue", "主营业务收入", "Main-business revenue",
             "主营业务收入，万元；不能大于同年营业收入。", "Main-business revenue, ×10k CNY; at most that year's operating revenue."),
    FieldSpec("net_profit_y1", "上年度净利润", "Net profit (last fiscal year)", "money_signed", "y1",
              help_zh="上年度净利润，万元；亏损填负数。仅 2022 标准评分使用。",
              help_en="Net profit, ×10k CNY; a loss is negative. Used by the 2022 score only."),
    FieldSpec("cost_expense_y1", "上年度成本费用总额", "Total costs and expenses (last fiscal year)", "money", "y1",
              help_zh="上年度成本费用支出总额，万元；科技型中小企业评价使用。",
              help_en="Total costs and expenses, ×10k CNY; used by the Tech-based SME score."),
    FieldSpec("total_assets", "上年末资产总额", "Total assets (year end)", "money", "year_end",
              help_zh="上年 12 月 31 日资产总额，万元。", help_en="Total assets on 31 Dec of last year, ×10k CNY."),
    FieldSpec("total_liabilities", "上年末负债总额", "Total liabilities (year end)", "money", "year_end",
              help_zh="上年 12 月 31 日负债总额，万元；资产负债率 = 负债 / 资产。",
              help_en="Total liabilities on 31 Dec of last year; debt ratio = liabilities / assets."),
    *_yearly("rd_expense", "研发费用", "R&D expense",
             "研发费用总额，万元。", "Total R&D expense, ×10k CNY.", years=("y1", "y2")),
    FieldSpec("rd_staff", "研发人员数", "R&D staff", "persons", "y1",
              help_zh="上年度研发人员（人）；不能多于从业人员。", help_en="R&D staff; at most the number of employees."),
    FieldSpec("tech_staff", "科技人员数", "Science & technology staff", "persons", "y1",
              help_zh="上年度科技人员（人）；科技型中小企业评价使用。", help_en="S&T staff; used by the Tech-based SME score."),
    *_yearly("equity", "新增股权投资（合格机构投资者实缴）", "New equity from qualified investors (paid-in)",
             "当年合格机构投资者实缴的新增股权融资，万元。", "New equity paid in by qualified institutional investors, ×10k CNY."),
    FieldSpec("segment_years", "从事特定细分市场年限（截至上年末）", "Years in the niche market (to last year end)", "years",
              "to_year_end", help_zh="截至上年末从事特定细分市场的年数（自报）。",
              help_en="Years in the specific niche market up to 31 Dec of last year (self-declared)."),
    FieldSpec("class1_ip", "Ⅰ类知识产权数（自主、排名前三、与主导产品相关并已应用）",
              "Class I IP (own, top-3 holder, used in the main product)", "count", "at_application",
              help_zh="与主导产品相关、已实际应用并产生效益的Ⅰ类知识产权（发明专利等）；受让取得的不计，企业须为前三权利人。",
              help_en="Class I IP (e.g. invention patents) tied to the main product and in use; transferred-in IP does not count.",
              aliases=("Ⅰ类知识产权数", "I类知识产权数")),
    FieldSpec("class1_ip_high_value", "其中Ⅰ类高价值知识产权数", "of which high-value Class I IP", "count", "at_application",
              help_zh="上述Ⅰ类知识产权中属于高价值知识产权的数量；不能多于Ⅰ类总数。",
              help_en="How many of the Class I IP are high-value; at most the Class I count.",
              aliases=("Ⅰ类高价值知识产权数",)),
    FieldSpec("class2_ip", "Ⅱ类知识产权数", "Class II IP", "count", "at_application",
              help_zh="实用新型、外观设计、软件著作权等Ⅱ类知识产权数量。",
              help_en="Class II IP (utility models, designs, software copyrights, …).",
              aliases=("II类知识产权数",)),
    FieldSpec("sci_award_level", "近三年科技奖励最高级别", "Highest S&T award (last 3 years)", "enum", "last3",
              options=(O("none", "无", "None"), O("municipal", "市级", "Municipal"),
                       O("provincial", "省级", "Provincial", aliases=("省部级", "Provincial/ministerial")),
                       O("ministerial", "部级（国务院部门）", "Ministerial (State Council department)"),
                       O("national", "国家级", "National")),
              help_zh="近三年获得的科学技术奖励的最高级别（自报）。省级与部级同属“省部级”：2026 年标准两者都认；2022 年标准原文只写“省级”，部级奖励不计入。两者都有时请填能满足更多条件的省级。",
              help_en="Highest S&T award in the last three years (self-declared). Provincial and ministerial are both “省部级”: the 2026 standard accepts either; the 2022 texts say provincial only, so a ministerial award does not count there. If you hold both, enter the provincial one."),
    FieldSpec("sci_award_rank", "该奖励中企业排名", "Company's rank in that award", "rank", "last3",
              help_zh="企业在该奖励获奖单位中的排名（1 = 第一）。", help_en="The company's rank among the award winners (1 = first)."),
    FieldSpec("rd_institution_level", "研发机构最高级别", "Highest R&D institution", "enum", "at_application",
              options=(O("none", "无", "None"), O("below_municipal", "市级以下", "Below municipal"),
                       O("municipal", "市级", "Municipal"), O("provincial", "省级", "Provincial"),
                       O("national", "国家级", "National")),
              help_zh="经认定的自建或共建研发机构的最高级别（自报）。", help_en="Highest accredited own or joint R&D institution (self-declared)."),
    FieldSpec("high_tech_enterprise", "有效期内高新技术企业", "Valid High-tech Enterprise", "bool", "at_application",
              help_zh="是否持有有效期内的高新技术企业证书。", help_en="Holds a valid High-tech Enterprise certificate."),
    FieldSpec("makers_china", "近三年\u201c创客中国\u201d全国组名次", "Makers China national ranking (last 3 years)", "enum", "last3",
              options=(O("none", "未入围", "None"), O("top500", "全国500强企业组", "National top 500"),
                       O("top50", "全国50强企业组", "National top 50")),
              help_zh="近三年\u201c创客中国\u201d中小企业创新创业大赛全国企业组名次。",
              help_en="Best national ranking in the Makers China SME contest in the last three years.",
              aliases=('近三年"创客中国"全国组名次', "近三年创客中国全国组名次")),
    FieldSpec("led_standard_5y", "近五年主持制定国际/国家/行业标准", "Led an intl./national/industry standard (last 5 years)", "bool", "last5",
              help_zh="近五年主持制定过国际、国家或行业标准。", help_en="Led the drafting of an international, national or industry standard in the last five years."),
    FieldSpec("market_leading", "主导产品细分市场占有率较为靠前（自报）", "Main product ranks well in its niche (self-declared)", "bool",
              "at_application", help_zh="主导产品在国内或国际细分市场占有率较为靠前，具有一定知名度（自报）。",
              help_en="The main product's niche market share is relatively high, with some recognition (self-declared).",
              aliases=("主导产品细分市场占有率较为靠前",)),
    FieldSpec("market_share_domestic", "国内细分市场占有率", "Domestic niche market share", "percent", "y1",
              help_zh="主导产品在国内细分市场的占有率，%。", help_en="Main product's share of the domestic niche market, %."),
    FieldSpec("market_share_international", "国际细分市场占有率", "International niche market share", "percent", "y1",
              help_zh="主导产品在国际细分市场的占有率，%。", help_en="Main product's share of the international niche market, %."),
    FieldSpec("domestic_rank", "国内细分市场排名", "Domestic niche market rank", "rank", "y1",
              help_zh="主导产品在国内细分市场的排名（1 = 第一）。", help_en="Main product's rank in the domestic niche (1 = first)."),
    FieldSpec("product_field", "主导产品所属领域", "Field of the main product", "enum", "at_application",
              options=(O("six_basics", "制造业核心基础零部件/元器件、关键软件、先进基础工艺、关键基础材料、产业技术基础",
                         "Core basic components, key software, basic processes, key materials, industrial technology base"),
                       O("traditional_upgrade", "改造提升传统产业", "Upgrading traditional industries"),
                       O("emerging", "培育壮大新兴产业", "Growing emerging industries"),
                       O("future", "布局建设未来产业", "Building future industries"),
                       O("other", "其他", "Other")),
              help_zh="主导产品所属领域（自报）。", help_en="The field of the main product (self-declared)."),
    FieldSpec("key_chain_link", "位于产业链关键环节（自报）", "At a key link of the industrial chain (self-declared)", "bool",
              "at_application", help_zh="主导产品位于产业链关键环节，补短板、锻长板、填空白，增强产业链供应链韧性（自报）。",
              help_en="The main product sits at a key link of the industrial chain (self-declared).",
              aliases=("位于产业链关键环节",)),
    FieldSpec("strategic_emerging", "主导产品属于《战略性新兴产业分类》", "Main product is in the Strategic Emerging Industries catalogue",
              "bool", "at_application", help_zh="用于创新型中小企业评价的\u201c主导产品所属领域\u201d。",
              help_en="Used by the Innovative SME score."),
    FieldSpec("holds_tech_sme", "有效期内科技型中小企业", "Valid Tech-based SME registration", "bool", "at_application",
              help_zh="是否取得有效期内的科技型中小企业入库登记编号。", help_en="Holds a valid Tech-based SME registration number."),
    FieldSpec("holds_innovative_sme", "有效期内创新型中小企业", "Valid Innovative SME title", "bool", "at_application",
              help_zh="是否持有有效期内的创新型中小企业称号。", help_en="Holds a valid Innovative SME title."),
    FieldSpec("holds_specialized_sme", "有效期内专精特新中小企业", "Valid Specialized SME title", "bool", "at_application",
              help_zh="是否持有有效期内的专精特新中小企业称号（申报\u201c小巨人\u201d的前提）。",
              help_en="Holds a valid Specialized SME title (required to apply for Little Giant)."),
    FieldSpec("dev_score_current", "本年度专精特新发展评价得分", "Development score (this year)", "score", "current",
              help_zh="优质中小企业梯度培育平台按《中小企业专精特新发展评价指标体系》给出的本年度得分；本工具不计算该分数。",
              help_en="This year's score from the official platform; this tool never computes it."),
    FieldSpec("dev_score_previous", "上年度专精特新发展评价得分", "Development score (last year)", "score", "previous",
              help_zh="上年度平台得分；复核时任一年度达标即可。", help_en="Last year's platform score; a review passes on either year."),
    FieldSpec("digital_level", "数字化水平等级", "Digitalisation level", "level", "y1", lo=0, hi=4,
              help_zh="中小企业数字化水平评测等级（0–4 级），2022 标准评分使用。", help_en="SME digitalisation level (0–4); used by the 2022 score."),
    FieldSpec("quality_items", "质量管理项数", "Quality-management items", "level", "y1", lo=0, hi=4,
              help_zh="省级以上质量奖、ISO9001 等体系认证、自主品牌、参与制定标准，共 0–4 项；2022 标准评分使用。",
              help_en="Quality award, ISO9001-type certificate, own brand, drafted standards: 0–4; used by the 2022 score.",
              unit=("项", "items")),
    FieldSpec("local_feature_score", "地方特色指标得分", "Provincial feature score", "points", "y1", lo=0, hi=15,
              help_zh="各省自定的特色化指标得分（0–15 分），2022 标准评分使用。",
              help_en="Province-defined feature score (0–15); used by the 2022 score."),
    FieldSpec("info_system_and_certification", "核心业务信息系统支撑且有管理体系/产品认证（自报）",
              "Core business on IT systems, with management-system or product certification (self-declared)", "bool",
              "at_application", help_zh="2022 小巨人\u201c精细化\u201d要求（自报）。",
              help_en="The 2022 Little Giant refinement requirement (self-declared).",
              aliases=("核心业务信息系统支撑且有管理体系/产品认证",)),
    FieldSpec("own_brand", "拥有自主品牌（自报）", "Owns its brand (self-declared)", "bool", "at_application",
              help_zh="拥有具有竞争力的自主品牌（自报）。", help_en="Owns a competitive brand (self-declared).",
              aliases=("拥有自主品牌",)),
    FieldSpec("gate_established_in_prc", "境内依法设立", "Established under PRC law in mainland China", "bool",
              "at_application", help_zh="在中华人民共和国境内依法设立。", help_en="Established according to law in the People's Republic of China."),
    FieldSpec("gate_credit_ok", "未列入经营异常名录/严重失信主体名单", "Not on the abnormal-operation or serious-dishonesty lists",
              "bool", "at_application", help_zh="申请期间未被列入经营异常名录或严重失信主体名单。",
              help_en="Not listed as abnormal or seriously dishonest during the application."),
    FieldSpec("gate_products_ok", "产品不属于禁止、限制或淘汰类", "Products not in prohibited, restricted or obsolete categories",
              "bool", "at_application", help_zh="提供的产品（服务）不属于国家禁止、限制或淘汰类。",
              help_en="Products or services are not in the state's prohibited, restricted or obsolete categories."),
    FieldSpec("gate_no_incidents", "近三年无较大安全事故等情形", "No major incidents in the last 3 years", "bool", "last3",
              help_zh="近三年未发生较大生产安全事故、重大网络和数据安全事件、重大环境违法行为、严重质量问题、严重违反相关行业管理规定等情况。",
              help_en="No major safety accident, cyber/data incident, environmental violation, quality problem or serious regulatory breach in three years."),
    FieldSpec("tech_resident_enterprise", "境内注册的居民企业（不包括港、澳、台地区）",
              "Resident enterprise registered in China (excluding Hong Kong, Macao and Taiwan)", "bool", "at_application",
              help_zh="科技型中小企业评价条件（115号第六条（一））：在中国境内（不包括港、澳、台地区）注册的居民企业（自报）。",
              help_en="Tech-based SME condition (No. 115, Art. 6 (1)): a resident enterprise registered in China, excluding Hong Kong, Macao and Taiwan (self-declared)."),
    FieldSpec("tech_no_incidents", "填报上一年及当年内无重大事故、严重失信等情形",
              "No major incidents or serious dishonesty in the filing year and the year before", "bool", "prev_and_current",
              help_zh="科技型中小企业评价条件（115号第六条（四））：企业在填报上一年及当年内未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，且企业未列入经营异常名录和严重违法失信企业名单（自报）。",
              help_en="Tech-based SME condition (No. 115, Art. 6 (4)): no major safety or quality accident, serious environmental violation or serious research misconduct in the filing year and the year before, and not on the abnormal-operation or serious-dishonesty lists (self-declared)."),
)

FIELD: MappingProxyType[str, FieldSpec] = MappingProxyType({f.key: f for f in FIELDS})
NUMERIC_KINDS = frozenset({"money", "money_signed", "persons", "count", "rank", "years", "percent",
                           "score", "level", "points", "year"})
