"""Seed tables typed by hand from golden/docs (line numbers are the seed file's lines).

Each builder returns the table as the document writes it, errors included; tests change a value only where
they say so. The rows are kept one per line, as in the documents, so the formatter is told to leave them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jixiao.schema import L1
from jixiao.schema import Op
from jixiao.schema import SelfEvalTable
from tests.checks.builders import fund
from tests.checks.builders import ind
from tests.checks.builders import table
from tests.checks.builders import val

F002 = "002_yuelu_2021.txt"
F003 = "003_wangcheng_2020.txt"
F004 = "004_zigong_2022.txt"
OUT, BEN, SAT = L1.OUTPUT, L1.BENEFIT, L1.SATISFACTION
SCALE = "优良中低差"

# fmt: off


def t002() -> SelfEvalTable:
    """002 岳麓区 2021 部门整体支出绩效自评表: 资金来源 / 资金结构, 15 indicators, 总分 100/100."""
    funds = [
        fund("总额", "合计", budget="198.8", executed="212.64", rate="106.87%", weight="10", breakdown="资金来源", line=24, file=F002),
        fund("财政拨款", "（1）财政拨款", budget="174.74", executed="204.67", rate="117.13%", breakdown="资金来源", line=33, file=F002),
        fund("其他资金", "（2）其他资金", budget="24.24", executed="7.97", rate="32.88%", breakdown="资金来源", line=42, file=F002),
        fund("总额", "合计", budget="174.74", executed="204.67", rate="117.13%", breakdown="资金结构", line=55, file=F002),
        fund("基本支出", "（1）基本支出", budget="131.32", executed="139.37", rate="106.13%", breakdown="资金结构", line=64, file=F002),
        fund("人员支出", "其中：人员支出", budget="118.47", executed="127.63", rate="107.73%", breakdown="资金结构", line=73, file=F002),
        fund("公用支出", "     公用支出", budget="12.85", executed="11.74", rate="91.36%", breakdown="资金结构", line=82, file=F002),
        fund("项目支出", "（2）项目支出", budget="43.42", executed="65.3", rate="150.39%", breakdown="资金结构", line=91, file=F002),
    ]
    rows = [
        ("产出指标", OUT, "数量指标", "指标1：落实主题党日活动，完成活动次数情况", "每月 1次", "全年召开12次主题党日学习", "10", "10"),
        ("产出指标", OUT, "数量指标", "指标2：落实意识形态责任，完成意识形态专题研究会次数情况", "全年 4次", "全年召开4次意识形态专题研究会", "5", "5"),
        ("产出指标", OUT, "数量指标", "指标3：落实信访维权工作情况", "信访维权基础工作落实", "全年开展法治宣传教育活动238场", "10", "10"),
        ("产出指标", OUT, "质量指标", "指标1：加强基层组织建设情况", "基层组织建设创出新业绩", "成功创建市级示范“妇女儿童之家”3家", "5", "5"),
        ("产出指标", OUT, "质量指标", "指标2：开展寻找“最美家庭”创建活动情况", "发挥家庭在传承中华民族传统美德", "全区共推选6户家庭为市级最美家庭", "5", "5"),
        ("产出指标", OUT, "时效指标", "指标1：年度工作完成情况", "全年各项工作任务年底前基本完成", "全年各项工作任务基本按工作进度时间要求进行完成", "10", "10"),
        ("产出指标", OUT, "成本指标", "指标1：精简机关运行经费，尤其对三公经费进行控制情况", "用预算控制支出", "2020年“三公”经费支出合计0.00万元", "5", "5"),
        ("产出指标", OUT, "成本指标", "指标2：有效合理使用各类专项资金，无超出规定用途的支出。", "100%", "100%", "5", "5"),
        ("效益指标", BEN, "经济效益指标", "指标1：开展困难妇女慰问帮扶", "围绕“帮扶”用气力", "为全区28名贫困患病妇女争取到救助金28万元", "5", "5"),
        ("效益指标", BEN, "经济效益指标", "指标2：关爱困境儿童", "紧盯动真情“关爱”", "对全区40名困难儿童进行了慰问", "5", "5"),
        ("效益指标", BEN, "社会效益指标", "指标1：开展巾帼志愿服务", "聚焦“健康”下功夫", "开展公益活动191次", "5", "5"),
        ("效益指标", BEN, "社会效益指标", "指标2：编制“十四五”妇女（儿童）发展规划", "科学编制，在统筹规划中彰显担当。", "拿出了规划初稿", "10", "10"),
        ("效益指标", BEN, "生态效益指标", "指标1：开展“垃圾分类”亲子教育主题活动", "为扩大垃圾分类宣传力度", "区妇联组织各街道（镇）妇联开展垃圾分类活动", "5", "5"),
        ("效益指标", BEN, "可持续影响指标", "指标1：开通“岳麓女性”微信公众号", "通过“岳麓女性” 微信公众号", "组织开展了主题征文活动", "5", "5"),
        ("满意度指标", SAT, "服务对象满意度指标", "指标1：全区妇女满意度", "满意度100%", "满意度100%", "10", "10"),
    ]
    indicators = []
    for i, (l1raw, l1, l2, name, target, actual, w, s) in enumerate(rows):
        t = val(target, Op.EQ, "100", "%") if target == "100%" else val(target)
        a = val(actual, Op.NONE, "100", "%") if actual == "100%" else val(actual)
        indicators.append(ind(name, t, a, w, s, level1=l1raw, l1=l1, level2=l2, nature="定性", line=150 + 9 * i, file=F002))
    return table(scope="部门整体", funds=funds, indicators=indicators, total_weight="100", total_score="100", line=317, file=F002)


def t003() -> SelfEvalTable:
    """003 望城区 2020 部门整体自评表: (B-C)/A, 17 indicator rows (three with 0 weight), 总分 100/90.00."""
    funds = [
        fund("总额", "年度资金总额", budget="324", executed="324", transfer="0", rate="100.00%", weight="10", score="10.00", formula="(B-C)/A", line=15, file=F003),
        fund("财政拨款", "财政拨款", budget="324", executed="324", transfer="0", rate="100.00%", formula="(B-C)/A", line=17, file=F003),
    ]
    rows = [
        ("产出指标", OUT, "数量指标", "开展“线上+线下”技能培训", val("5 期", Op.NONE, "5", "期"), val("21", num="21"), "6", "6", 139),
        ("产出指标", OUT, "数量指标", "开展至少 30 场家庭教育、法律知识、婚姻家庭、心理健康等公益讲堂", val("至少 30 场", Op.GE, "30", "场"), val("43", num="43"), "6", "6", 148),
        ("产出指标", OUT, "数量指标", "指导开展科学育儿、亲子早教进社区工作", val("10 个村（社区）", Op.NONE, "10", "个村（社区）"), val("10", num="10"), "6", "6", 164),
        ("产出指标", OUT, "数量指标", "创建区级巾帼文明岗、妇女儿童之家", val("各 3 个以上", Op.GE, "3", "个"), val("5", num="5"), "6", "6", 180),
        ("产出指标", OUT, "数量指标", "全年救助慰问全区各类贫困弱势妇女儿童", val("180 人以上", Op.GE, "180", "人"), val("576", num="576"), "6", "6", 192),
        ("产出指标", OUT, "质量指标", "救助贫困两癌妇女", val("对象为乳腺癌、宫颈癌等女性疾病的贫困患者"), val("为 116 名贫困两癌妇女发放救助金共 58.3 万元。"), "4", "4", 204),
        ("产出指标", OUT, "时效指标", "慰问一批贫困妇女", val("三八节及春节前后"), val("三八和春节期间慰问了疫情防控一线女干部职工和困难妇女儿童"), "4", "4", 228),
        ("产出指标", OUT, "时效指标", "慰问一批贫困困境儿童", val("六一前后及春节前后"), val("六一慰问了困难儿童 45 名共 3.02 万元"), "4", "4", 252),
        ("产出指标", OUT, "成本指标", "六一慰问贫困儿童", val("每人不少于 600 元慰问金", Op.GE, "600", "元"), val("按照标准完成"), "4", "4", 276),
        ("产出指标", OUT, "成本指标", "全年救助贫困两癌妇女不少于 60 人", val("每人不少于 3000 元救助金", Op.GE, "3000", "元"), val("按照标准完成"), "4", "4", 289),
        ("效益指标", BEN, "经济效益指标", "", val(""), val(""), "0", "0", 307),
        ("效益指标", BEN, "社会效益指标", "深化“爱心妈妈”志愿服务品牌，招募一批爱心妈妈", val("引导社会力量关心关爱困境儿童"), val("招募爱心妈妈与 108 名困境儿童结对帮扶"), "10", "10", 315),
        ("效益指标", BEN, "社会效益指标", "继续通过政府购买服务的形式，大力推进婚调委建设项目和幸福号三级平台建设。", val("婚姻家庭矛盾调和率达 20%以上", Op.GE, "20", "%"), val("为 1046 对夫妻提供调解服务，调和率达 45.5%。", num="45.5", unit="%"), "10", "10", 339),
        ("效益指标", BEN, "生态效益指标", "", val(""), val(""), "0", "0", 369),
        ("效益指标", BEN, "可持续影响指标", "建立健全内控制度", val("长期坚持"), val("按要求完成并长期坚持"), "5", "5", 379),
        ("效益指标", BEN, "可持续影响指标", "认真接待并处理来信来电来访妇女群众案件", val("长期坚持"), val("按要求完成并长期坚持"), "5", "5", 395),
        ("满意度指标", SAT, "服务对象满意度指标", "", val(""), val(""), "0", "0", 407),
    ]
    indicators = [
        ind(name, t, a, w, s, level1=l1raw, l1=l1, level2=l2, nature="定量" if t.num is not None else "定性", line=ln, file=F003)
        for l1raw, l1, l2, name, t, a, w, s, ln in rows
    ]
    return table(scope="部门整体", funds=funds, indicators=indicators, total_weight="100", total_score="90.00", line=419, file=F003)


def t000_jiating() -> SelfEvalTable:
    """000 附件3 家庭教育民生实事 (lines 2895–3145): 总分 90/85, funds 108.78/33.07 with rate “30.4”."""
    funds = [
        fund("总额", "年度资金总额", budget="108.78", executed="33.07", rate="30.4", weight="10", score="3", line=2907),
        fund("当年财政拨款", "其中：当年财政拨款", budget="108.78", executed="33.07", line=2915),
    ]
    rows = [
        ("产出指标", OUT, "50", "数量指标", "家庭教育线上平台提供家庭教育视音频课时数", val("200课时", Op.NONE, "200", "课时"), val("260课时", num="260", unit="课时"), "5", "5"),
        ("产出指标", OUT, "50", "数量指标", "家庭教育线上平台课程观看人数", val("≥150万人次", Op.GE, "150", "万人次"), val("≥180万人次", Op.GE, "180", "万人次"), "5", "5"),
        ("产出指标", OUT, "50", "质量指标", "面向全省线上调研家长育儿需求，邀约国内知名专家开展向阳花行动系列直播，并完成线上推广及宣传工作。", val("市州全覆盖"), val("市州全覆盖"), "5", "5"),
        ("产出指标", OUT, "50", "成本指标", "平台系统功能设计及技术开发", val("≤5万", Op.LE, "5", "万"), val("5万", num="5", unit="万"), "5", "5"),
        ("产出指标", OUT, "50", "成本指标", "数据后台系统研发", val("≤5万", Op.LE, "5", "万"), val("5万", num="5", unit="万"), "5", "5"),
        ("产出指标", OUT, "50", "成本指标", "集成测试及BUG部署", val("800元", Op.NONE, "800", "元"), val("800元", num="800", unit="元"), "2.5", "2.5"),
        ("产出指标", OUT, "50", "成本指标", "版本发布", val("1200元", Op.NONE, "1200", "元"), val("1200元", num="1200", unit="元"), "2.5", "2.5"),
        ("产出指标", OUT, "50", "成本指标", "网络宽带费用", val("≤5.2万", Op.LE, "5.2", "万"), val("5.2万", num="5.2", unit="万"), "5", "5"),
        ("产出指标", OUT, "50", "成本指标", "内容分发流量费", val("≤6万", Op.LE, "6", "万"), val("6万", num="6", unit="万"), "5", "5"),
        ("产出指标", OUT, "50", "成本指标", "200节内容资源研发及项目期间使用", val("≤25万", Op.LE, "25", "万"), val("0", num="0"), "0", "0"),
        ("产出指标", OUT, "50", "成本指标", "系列直播讲座", val("≤3.6万", Op.LE, "3.6", "万"), val("3.6万", num="3.6", unit="万"), "5", "5"),
        ("效益指标", BEN, "30", "社会效益指标", "“向阳花”行动线上受益人数", val("≥150万人次", Op.GE, "150", "万人次"), val("≥180万人次", Op.GE, "180", "万人次"), "15", "15"),
        ("满意度指标", SAT, "10", "服务对象满意度指标", "“向阳花”行动群众满意度", val("≥90%", Op.GE, "90", "%"), val("≥99.94", Op.GE, "99.94"), "5", "5"),
    ]
    indicators = [
        ind(name, t, a, w, s, level1=l1raw, l1=l1, cap=cap, level2=l2, line=2930 + 9 * i)
        for i, (l1raw, l1, cap, l2, name, t, a, w, s) in enumerate(rows)
    ]
    return table(name="家庭教育民生实事", funds=funds, indicators=indicators, total_weight="90", total_score="85", line=3143)


def t000_yewu() -> SelfEvalTable:
    """000 附件3 业务工作经费 (lines 2690–2875): 15/15/14.78, “99%”, 9.9; 2023年12月前; 填报日期 2024.5.28."""
    funds = [
        fund("总额", "年度资金总额", initial="15", budget="15", executed="14.78", rate="99%", weight="10", score="9.9", line=2712),
        fund("当年财政拨款", "其中：当年财政拨款", initial="15", budget="15", line=2720),
    ]
    indicators = [
        ind("出国次数", val("≥1次", Op.GE, "1", "次"), val("2次", num="2", unit="次"), "20", "20", cap="50", line=2760),
        ind("出国完成时间", val("2023年12月前"), val("2023年12月前"), "20", "20", cap="50", level2="时效指标", nature="定性", line=2776),
        ind("费用开支", val("≤15万", Op.LE, "15", "万"), val("14.78", num="14.78"), "10", "10", cap="50", level2="成本指标", line=2784),
        ind("国际妇女组织之间的交流与联系", val("逐步增加"), val("已完成", status="已完成"), "20", "20", level1="效益指标", l1=BEN, cap="30", level2="社会效益指标", nature="定性", line=2805),
        ind("服务对象满意度", val("≥95%", Op.GE, "95", "%"), val("≥95%", Op.GE, "95", "%"), "10", "10", level1="满意度指标", l1=SAT, cap="10", level2="服务对象满意度指标", line=2830),
    ]
    return table(
        name="业务工作经费", funds=funds, indicators=indicators, total_weight="90", total_score="90", line=2873,
        fill_date=date(2024, 5, 28), fill_date_raw="2024.5.28", title="2024年度项目支出绩效自评表",
    )


def t004(code: str, name: str, initial: str, budget: str, executed: str, rows: list[tuple], total_score: str | None, line: int) -> SelfEvalTable:
    """A 四川 510000_0013zp project table (004): 总额 row, 财政资金/专户/单位资金 parts, indicators, 合计."""
    note = "1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）;2.年中发生预算调整的（追加或调减）,应单独说明理由；3.其他资金包括：社会投入资金"
    funds = [
        fund("总额", "总额", initial=initial, budget=budget, executed=executed, rate="100.00%", weight="10", score="10", reason=note, line=line + 12, file=F004),
        fund("财政资金", "其中：财政资金", initial=initial, budget=budget, executed=executed, rate="100.00%", line=line + 14, file=F004),
        fund("财政专户", "财政专户管理资金", initial="0.00", budget="0.00", executed="0.00", rate="0.00%", line=line + 16, file=F004),
        fund("单位资金", "单位资金", initial="0.00", budget="0.00", executed="0.00", rate="0.00%", line=line + 18, file=F004),
        fund("其他资金", "其他资金", line=line + 20, file=F004),
    ]
    indicators = [
        ind(n, t, a, w, s, level1=l1raw, l1=l1, level2=l2, nature=nat, reason=reason, line=line + 24 + 2 * i, file=F004)
        for i, (l1raw, l1, l2, n, nat, t, a, w, s, reason) in enumerate(rows)
    ]
    # The form writes 预算执行情况（10分） with a 原因 column and 绩效指标（90分） over its indicators.
    return table(
        name=name, code=code, funds=funds, indicators=indicators, total_weight="100", total_score=total_score, line=line, file=F004,
        problems_text="无", measures_text="无", conclusion="完成了项目年度目标。", title="部门预算项目支出绩效自评表（2022年度）",
    ).model_copy(update={"indicator_points": Decimal("90"), "fund_fields": ["initial_budget", "budget", "executed", "rate", "weight", "score", "reason"]})


def t004_fuer() -> SelfEvalTable:
    """004 51030022Y000000325523 市妇联妇儿工委 (lines 274–318): 春蕾 ≥100 名, 80, 20, 18; 合计 100/98."""
    rows = [
        ("产出指标", OUT, "数量指标", "春蕾计划结对帮扶困难学生100名以上", "定量", val("100", Op.GE, "100", "名"), val("80", num="80", unit="名"), "20", "18", "因疫情原因，各爱心企业家和爱心人士捐助困难学生意愿下降。"),
        ("产出指标", OUT, "数量指标", "重要节点累计慰问困难儿童50名以上", "定量", val("50", Op.GE, "50", "名"), val("238", num="238", unit="名"), "10", "10", None),
        ("产出指标", OUT, "数量指标", "打造优秀儿童之家45个", "定量", val("45", Op.EQ, "45", "个（台、套、件、辆）"), val("50", num="50"), "20", "20", None),
        ("产出指标", OUT, "质量指标", "全市村、社区儿童之家覆盖率90%以上", "定量", val("90", Op.GE, "90", "%"), val("99", num="99", unit="%"), "10", "10", None),
        ("效益指标", BEN, "社会效益指标", "完成新一轮“两纲”编制", "定性", val(SCALE, Op.QUAL, scale=SCALE), val("优", grade="优"), "10", "10", None),
        ("效益指标", BEN, "可持续发展指标", "有效开展两纲年度指标检测统计", "定性", val(SCALE, Op.QUAL, scale=SCALE), val("优", grade="优"), "10", "10", None),
        ("满意度指标", SAT, "帮扶对象满意度指标", "春蕾计划资助对象和爱心人士满意率达到95%以上", "定量", val("95", Op.GE, "95", "%"), val("95", num="95", unit="%"), "10", "10", None),
    ]
    return t004("51030022Y000000325523", "市妇联妇儿工委", "15.00", "14.63", "14.63", rows, "98", line=274)


def t004_xiangcun() -> SelfEvalTable:
    """004 51030022Y000000325596 市妇联乡村振兴再提升行动 (lines 426–470): 有效推动农村产业发展 良 10/8, no reason."""
    rows = [
        ("产出指标", OUT, "数量指标", "培育乡村振兴巾帼基地14个", "定量", val("14", Op.EQ, "14", "个（台、套、件、辆）"), val("14", num="14"), "10", "10", None),
        ("产出指标", OUT, "数量指标", "发挥妇联组织优势，做好定点帮扶扶贫1个村", "定量", val("1", Op.EQ, "1", "个（套）"), val("1", num="1"), "10", "10", None),
        ("产出指标", OUT, "数量指标", "开展春节慰问200人次", "定量", val("200", Op.EQ, "200", "人次"), val("1060", num="1060"), "10", "10", None),
        ("产出指标", OUT, "质量指标", "培训返乡女农民工100人次", "定量", val("100", Op.EQ, "100", "人次"), val("200", num="200"), "10", "10", None),
        ("产出指标", OUT, "时效指标", "12月前关爱慰问困难妇女200名", "定量", val("200", Op.EQ, "200", "名"), val("233", num="233"), "10", "10", None),
        ("效益指标", BEN, "经济效益指标", "有效推动农村产业发展", "定性", val(SCALE, Op.QUAL, scale=SCALE), val("良", grade="良"), "10", "8", None),
        ("效益指标", BEN, "社会效益指标", "通过推动妇女居家灵活就业基地带动更多的妇女就业", "定性", val(SCALE, Op.QUAL, scale=SCALE), val("优", grade="优"), "10", "10", None),
        ("效益指标", BEN, "可持续发展指标", "有效提升农村妇女素质", "定性", val(SCALE, Op.QUAL, scale=SCALE), val("优", grade="优"), "10", "10", None),
        ("满意度指标", SAT, "帮扶对象满意度指标", "结对帮扶村村民满意率达到95%", "定量", val("95", Op.GE, "95", "%"), val("95", num="95"), "10", "10", None),
    ]
    return t004("51030022Y000000325596", "市妇联乡村振兴再提升行动", "28.00", "26.00", "26.00", rows, "98", line=426)


# fmt: on
