"""Demo data: a site's customers and complaints over the last N months (SPEC §1, §2).

``fill(db, months, seed)`` gives a migrated database a believable past: a first
administrator and one account per role, an archive of customers (units in the
property profile, vehicles in the dealership one) and complaints with seasonal
volume, every category and channel, invalid and unreasonable ones with the
explanation given, major ones with their criteria, and a life for each (received,
dispatched, resolved, closed) in ``complaint_events`` and in the history chain.

It is fast because rows go in with Core bulk inserts inside one write unit of
work instead of one ``complaints.register`` call each; the numbers are still the
ones the register hands out (``TS-YYYYMM-NNNN``, monthly, gapless, continuing
``number_sequences``) and every history entry goes through ``audit.record`` so
the chain verifies.  The same seed and end date give the same data.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select, update

from frontdesk.db.engine import Database
from frontdesk.db.models import (
    Category,
    Complaint,
    ComplaintEvent,
    Customer,
    Department,
    Disposition,
    Location,
    NumberSequence,
    User,
)
from frontdesk.demo.letters import add_letters
from frontdesk.demo.life import Life
from frontdesk.domain import wallclock
from frontdesk.domain.complaint import grade_reason
from frontdesk.domain.customer import unit_label, vehicle_label
from frontdesk.domain.numbering import COMPLAINT_PREFIX, format_number, period_of
from frontdesk.domain.permissions import ROLE_LABELS, Role
from frontdesk.domain.progress import NullProgress, Progress, check
from frontdesk.domain.types import Actor
from frontdesk.domain.vocab import PROFILE_LABELS, Channel, Grade, Profile, Status, Validity
from frontdesk.i18n import _
from frontdesk.services import audit, auth, settings
from frontdesk.services.complaints import EDITABLE

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin123"
DEMO_PASSWORD = "demo123"
SITE_NAMES = {Profile.PROPERTY: "阳光花园服务站", Profile.DEALERSHIP: "鹏城汽车4S店客服中心"}
#: Complaints a month before seasonal factors.
MONTHLY_BASE = {Profile.PROPERTY: 55, Profile.DEALERSHIP: 45}
CUSTOMERS = {Profile.PROPERTY: 900, Profile.DEALERSHIP: 700}
#: Volume by calendar month: summer for a property (water, power, noise), the
#: Spring Festival, May Day and National Day holidays for a dealership.
SEASON = {
    Profile.PROPERTY: (0.8, 0.75, 0.85, 0.9, 1.0, 1.25, 1.45, 1.4, 1.05, 0.95, 0.9, 0.85),
    Profile.DEALERSHIP: (1.35, 1.3, 0.9, 0.95, 1.25, 0.95, 1.0, 1.0, 1.05, 1.4, 0.95, 1.05),
}
SUMMER_CATEGORIES = ("供水", "供电", "噪音扰民")
NEIGHBOUR_CATEGORIES = ("噪音扰民", "供水")  # where criterion B (a neighbour's cause) fits

#: The kinds of ``complaint_events`` rows the demo writes.
EVENT_RECEIVED, EVENT_DISPATCHED, EVENT_ESCALATED = "received", "dispatched", "escalated"
EVENT_BECAME_MAJOR, EVENT_RESOLVED, EVENT_CLOSED = "became_major", "resolved", "closed"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国文辉宇浩婷雪琳晨欣怡佳子涵轩博思雨梓俊"
    "志海波林斌健鑫凯慧丹倩颖莉晶燕亮成春梅金凤荣新坤峰宁安永德嘉豪翔瑶璐蕾薇琴云帆"
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189",
)
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
MODELS = (
    ("LVG", "凯美瑞"), ("LVG", "卡罗拉"), ("LVG", "汉兰达"), ("LVG", "雷凌"), ("LHG", "雅阁"), ("LHG", "思域"),
    ("LHG", "CR-V"), ("LHG", "飞度"), ("LGB", "轩逸"), ("LGB", "天籁"), ("LGB", "奇骏"), ("LGB", "逍客"),
)
CHANNEL_WEIGHTS = {
    Channel.PHONE: 45, Channel.VISIT: 25, Channel.WECHAT: 15, Channel.ONLINE: 7, Channel.LETTER: 3,
    Channel.OTHER: 5,
}

# Templates: (content, demand). Placeholders: {loc} location, {building}, {floor}, {days},
# {when}, {model}, {money}, {gift}.
_T = dict[str, tuple[tuple[str, str], ...]]
PROPERTY_TEXT: _T = {
    "维修服务": (
        ("{loc}卫生间地漏返水,报修{days}天了维修师傅还没上门", "请尽快安排师傅上门维修"),
        ("{loc}厨房水管接口漏水,上次修过后又开始滴水", "彻底修好,不要反复返修"),
        ("维修师傅约好{when}上门,迟到两个小时也没打电话说明", "按约定时间上门,并给个说法"),
        ("{loc}入户门锁坏了打不开,维修人员说要等配件", "今天之内修好门锁"),
        ("外墙渗水导致{loc}卧室墙面发霉起皮", "维修外墙并修复室内墙面"),
    ),
    "供电": (
        ("{building}栋{when}突然停电两个多小时,事先没有任何通知", "以后停电提前在公告栏和业主群通知"),
        ("{building}栋楼道灯坏了好几盏,晚上回家很不安全", "尽快更换楼道灯"),
        ("天热用电高峰{loc}频繁跳闸,空调都开不了", "检查线路负荷,解决跳闸问题"),
        ("地下车库充电桩{days}天无法使用", "尽快修复充电桩"),
    ),
    "供水": (
        ("{loc}所在单元{when}停水,没有任何通知,家里老人小孩没法用水", "停水要提前通知,尽快恢复供水"),
        ("自来水发黄有异味,已经持续{days}天", "清洗二次供水水箱并公布水质检测报告"),
        ("高层水压太低,{floor}楼洗澡水都上不来", "调整加压泵,保证高层水压"),
        ("楼上漏水,{loc}天花板渗水,墙皮脱落", "尽快查明漏水原因并维修"),
    ),
    "消防治安": (
        ("小区门禁形同虚设,陌生人随意进出", "加强门岗登记和巡逻"),
        ("消防通道被私家车长期占用,保安不管", "清理消防通道,禁止占用"),
        ("{building}栋楼道灭火器过期未更换", "更换灭火器并定期检查"),
        ("停在楼下的电动车电瓶被盗,监控没拍到", "调取监控,加强夜间巡逻"),
    ),
    "卫生保洁": (
        ("{building}栋垃圾桶满了没人清运,气味很大", "每天按时清运垃圾"),
        ("电梯轿厢有宠物粪便,一整天没人清理", "及时清理电梯卫生"),
        ("{building}栋楼道很久没打扫,扶手上全是灰", "按保洁标准定期打扫"),
    ),
    "绿化": (
        ("楼下树木遮挡{loc}采光,多次反映没人修剪", "尽快修剪树木"),
        ("草坪打药没有提前通知,小孩在草地上玩", "打药前张贴通知并设置警示"),
        ("{building}栋旁绿化带被人占用种菜", "清理并恢复绿化"),
    ),
    "公共设施": (
        ("{building}栋电梯经常停运,{when}被困十几分钟", "彻底检修电梯,公布维保记录"),
        ("小区健身器材损坏,有安全隐患", "尽快维修或更换健身器材"),
        ("{building}栋单元门禁读卡器失灵,进不了门", "尽快修好门禁"),
    ),
    "停车管理": (
        ("自己的固定车位被他人占用,保安不处理", "清走占用车辆,加强车位管理"),
        ("临时停车收费标准不透明,每次收费不一样", "公示停车收费标准"),
        ("车库道闸识别太慢,早高峰排长队", "检修道闸识别系统"),
    ),
    "噪音扰民": (
        ("楼上{when}装修噪音很大,超过规定施工时间", "要求按规定时间施工"),
        ("楼下广场舞音响太吵,晚上十点还没停", "劝导控制音量和时间"),
        ("{loc}楼上邻居深夜拖拽家具,声音很大", "物业出面协调邻居"),
        ("{building}栋空调外机噪音大,晚上无法入睡", "协调处理空调外机噪音"),
    ),
    "收费": (
        ("物业费账单多收了{days}个月的费用", "核实账单并退还多收费用"),
        ("公摊水电费分摊没有明细", "公示公摊水电费明细"),
        ("停车费上涨没有提前公示", "说明涨价依据并提前公示"),
    ),
    "服务态度": (
        ("前台工作人员态度冷淡,办事推诿", "工作人员道歉并改进服务"),
        ("保安说话粗鲁,不让访客进门", "保安道歉,加强培训"),
        ("{when}打服务电话一直没人接", "保证服务电话有人接听"),
    ),
    "其他": (
        ("快递柜经常满,快递只能放在门口", "增加快递柜"),
        ("小区公告栏信息很久没更新", "及时更新公告信息"),
    ),
}
DEALERSHIP_TEXT: _T = {
    "维修质量": (
        ("{model}保养后发动机有异响,开回来又出现了", "免费复查并彻底修好"),
        ("{model}更换刹车片后刹车有异响", "重新检查刹车系统"),
        ("{model}空调维修后仍然不制冷", "彻底修好空调"),
        ("洗车后发现车漆有明显划痕", "修复车漆"),
    ),
    "维修时效": (
        ("说好{days}天交车,到现在还没修好,也没人通知", "明确交车时间并给予补偿"),
        ("{model}等配件已经{days}天,一直没有消息", "尽快到货维修,提供代步车"),
    ),
    "配件": (
        ("更换的配件疑似不是原厂件", "出示原厂配件证明"),
        ("订的配件{days}天了一直不到货", "确定到货时间"),
    ),
    "销售承诺": (
        ("购车时承诺送的{gift}到现在没兑现", "兑现购车时的承诺"),
        ("承诺的贴膜和脚垫提车时没有安装", "按承诺安装"),
        ("销售顾问说的优惠和合同不一致", "按当时承诺的优惠执行"),
    ),
    "服务态度": (
        ("服务顾问接待不耐烦,问问题爱答不理", "服务顾问道歉,改进服务"),
        ("{when}打客服电话多次打不通", "保证客服电话有人接听"),
    ),
    "收费": (
        ("保养收费比报价高出{money}元,没有提前告知", "退还多收费用并出示明细"),
        ("工时费不透明,结算单看不懂", "逐项解释收费明细"),
    ),
    "保险理赔": (
        ("事故车理赔进度太慢,{days}天没有进展", "加快理赔进度"),
        ("续保后一直没有收到保单", "尽快寄送保单"),
    ),
    "预约等待": (
        ("预约了{when}保养,到店后等了两个多小时", "按预约时间接车"),
        ("休息区太拥挤,等待时连座位都没有", "改善客户休息区"),
    ),
    "车辆交付": (
        ("提{model}时发现车身有划痕", "修复或更换车辆"),
        ("交车时资料不全,行驶证迟迟没办好", "尽快办齐手续"),
    ),
    "其他": (
        ("店内停车场车位不够,只能停在路边", "增加客户停车位"),
        ("会员积分兑换规则没有提前说明", "说明积分规则"),
    ),
}
GENERIC_TEXT = (("{loc}的问题反映多次仍未处理", "尽快处理并答复"),)
MAJOR_SUFFIX = {
    "A": ",已经多次反映仍未解决",
    "B": ",邻居原因导致无法正常生活",
    "C": ",造成较大财产损失",
    "D": ",超过十天仍未得到解决",
}
TARGETS = {
    "维修服务": ("维修班组", "水电工师傅"), "供电": ("工程部",), "供水": ("工程部",),
    "消防治安": ("秩序部", "门岗保安"), "卫生保洁": ("保洁员",), "绿化": ("绿化班组",),
    "公共设施": ("电梯维保单位", "工程部"), "停车管理": ("车场保安",), "噪音扰民": ("楼上住户", "装修户"),
    "收费": ("收费员",), "服务态度": ("前台接待", "值班保安"), "维修质量": ("维修技师",),
    "维修时效": ("服务顾问",), "配件": ("配件部",), "销售承诺": ("销售顾问",),
    "保险理赔": ("理赔专员",), "预约等待": ("预约专员",), "车辆交付": ("交车专员",),
}
DEPARTMENT_OF = {
    "维修服务": ("维修班组", "工程部"), "供电": ("工程部",), "供水": ("工程部",),
    "消防治安": ("秩序部",), "卫生保洁": ("保洁部",), "绿化": ("绿化部",), "公共设施": ("工程部",),
    "停车管理": ("秩序部",), "噪音扰民": ("秩序部", "服务站"), "收费": ("财务部",),
    "服务态度": ("服务站",), "其他": ("服务站", "客服部"), "维修质量": ("售后车间",),
    "维修时效": ("售后车间",), "配件": ("配件部",), "销售承诺": ("销售部",),
    "预约等待": ("客服部",), "保险理赔": ("保险理赔部",), "车辆交付": ("销售部",),
}
#: Invalid and unreasonable complaints: (category, content, demand, explanation given).
REFUSED_CASES = {
    Profile.PROPERTY: {
        Validity.INVALID: (
            ("维修服务", "{loc}自己加装的热水器坏了,要求物业免费维修", "免费上门维修",
             "该热水器为业主自行安装的户内设施,不在物业服务合同约定范围内,已告知可申请有偿维修。"),
            ("其他", "小区门口道路施工,灰尘和噪音很大", "让施工单位停工",
             "道路施工属于市政工程,非本公司管理范围,已提供市政服务热线12345。"),
            ("供电", "{when}整个片区停电,物业没有提前通知", "赔偿冰箱里坏掉的食物",
             "经核实为供电局临时抢修停电,非物业原因;已向业主说明并提供供电局报修电话95598。"),
            ("其他", "快递员不送货上楼,只放快递柜", "让快递送上门",
             "快递配送属于快递公司服务范围,已提供快递公司投诉电话。"),
        ),
        Validity.UNREASONABLE: (
            ("收费", "{building}栋电梯停运半天,要求免除全年物业费", "免除全年物业费",
             "电梯停运系突发故障,已于当天修复;免除全年物业费超出合同约定,已解释收费依据,业主表示理解。"),
            ("停车管理", "要求保安夜间专门看管自己的车辆", "安排专人看车",
             "专人看管私家车不属于物业服务内容,已婉言解释,并说明车场巡逻安排。"),
            ("噪音扰民", "要求立即拆除邻居的空调外机", "马上拆除邻居空调外机",
             "邻居空调外机按规定位置安装,无拆除依据;已解释并建议双方协商,物业可协助调解。"),
        ),
    },
    Profile.DEALERSHIP: {
        Validity.INVALID: (
            ("维修质量", "{model}变速箱异响,要求免费维修", "免费维修变速箱",
             "车辆已超出厂家质保期,该项目不属于保修范围,已向车主说明并提供自费维修报价。"),
            ("维修质量", "轮胎鼓包,要求按三包免费更换", "免费更换轮胎",
             "经检测轮胎鼓包系外力撞击所致,不在三包范围内,已出示检测结果并解释。"),
            ("保险理赔", "保险公司定损金额太低", "提高理赔金额",
             "理赔金额由保险公司核定,非本店可决定,已协助车主联系保险公司复核。"),
        ),
        Validity.UNREASONABLE: (
            ("收费", "保养等待时间长,要求免费更换四条轮胎作为补偿", "免费更换四条轮胎",
             "补偿要求无合同及质保依据,已致歉并解释,赠送一次免费洗车。"),
            ("维修时效", "维修期间耽误上班,要求每天赔偿误工费五百元", "每天赔偿五百元误工费",
             "误工赔偿要求超出合理范围,已解释并提供免费代步车方案。"),
        ),
    },
}
NOTES = ("", "", "", "", "", "客户情绪激动,已安抚", "已电话告知处理进度", "客户要求处理后电话回复")
WHEN = ("昨晚", "今天上午", "今天下午", "前天", "周末", "昨天中午")
GIFTS = ("全年保养", "行车记录仪", "原厂脚垫", "加油卡")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str  # "" when the account existed before the demo and its password is not known
    display_name: str
    role: str
    department: str = ""


@dataclass(frozen=True)
class DemoSummary:
    profile: str
    site_name: str
    first_day: date
    last_day: date
    complaints: int
    valid: int
    invalid: int
    unreasonable: int
    major: int
    customers: int
    history_entries: int
    accounts: tuple[DemoAccount, ...]

    def __str__(self) -> str:
        lines = [
            _("演示数据已生成:{site}({profile})").format(
                site=self.site_name, profile=PROFILE_LABELS[Profile(self.profile)]
            ),
            _("期间 {first} 至 {last};投诉 {n} 条(有效 {valid},无效 {invalid},无理 {unr};重大 {major});"
              "客户 {customers} 位;历史记录 {history} 条").format(
                first=self.first_day, last=self.last_day, n=self.complaints, valid=self.valid,
                invalid=self.invalid, unr=self.unreasonable, major=self.major,
                customers=self.customers, history=self.history_entries,
            ),
            _("登录账户:"),
        ]
        for a in self.accounts:
            role = ROLE_LABELS.get(Role(a.role), a.role)
            dept = f"({a.department})" if a.department else ""
            password = a.password or _("(原有账户,密码不变)")
            lines.append(f"  {a.username:<12} {password:<10} {a.display_name} — {role}{dept}")
        return "\n".join(lines)


class DemoText:
    """Believable names, phones, units, vehicles and complaint sentences from one random source."""

    def __init__(self, rng: random.Random, profile: str) -> None:
        self.rng = rng
        self.profile = Profile(profile)
        self.texts = PROPERTY_TEXT if self.profile == Profile.PROPERTY else DEALERSHIP_TEXT
        self._phones: set[str] = set()
        self._places: set[str] = set()

    def person_name(self) -> str:
        rng = self.rng
        surname = SURNAMES[min(int(rng.expovariate(1 / 18)), len(SURNAMES) - 1)]
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        return surname + given

    def mobile(self) -> str:
        """A mobile number (13x/15x/18x) not handed out before by this generator."""
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def unit(self) -> tuple[str, str, str, str]:
        """A free (building, unit, floor, room): buildings 1–12, units 1–3, rooms like 1201."""
        while True:
            building, unit = str(self.rng.randint(1, 12)), str(self.rng.randint(1, 3))
            floor = self.rng.randint(2, 26)
            room = f"{floor}{self.rng.randint(1, 4):02d}"
            key = f"{building}-{unit}-{room}"
            if key not in self._places:
                self._places.add(key)
                return building, unit, str(floor), room

    def plate(self) -> str:
        """``粤B12345`` style; new-energy plates ``粤BD12345``; never repeated."""
        while True:
            chars = [str(self.rng.randrange(10)) for _i in range(5)]
            for _i in range(self.rng.choice((0, 0, 1, 1, 2))):
                chars[self.rng.randrange(5)] = self.rng.choice(PLATE_LETTERS)
            plate = "粤B" + ("D" if self.rng.random() < 0.12 else "") + "".join(chars)
            if plate not in self._places:
                self._places.add(plate)
                return plate

    def vehicle(self) -> tuple[str, str, str]:
        """(plate, 17-character VIN with a valid check digit, model)."""
        wmi, model = self.rng.choice(MODELS)
        body = wmi + "".join(self.rng.choice(VIN_CHARS) for _ in range(14))
        return self.plate(), _with_check_digit(body), model

    def complaint(self, category: str, location: str, building: str = "", floor: str = "",
                  model: str = "") -> tuple[str, str, str]:
        """(content, demand, target) for a complaint of ``category`` at ``location``."""
        rng = self.rng
        content, demand = rng.choice(self.texts.get(category, GENERIC_TEXT))
        values = {
            "loc": location, "building": building or str(rng.randint(1, 12)),
            "floor": floor or str(rng.randint(15, 30)), "days": rng.randint(2, 9),
            "when": rng.choice(WHEN), "model": model or rng.choice(MODELS)[1],
            "money": rng.choice((180, 260, 350, 420, 680)), "gift": rng.choice(GIFTS),
        }
        targets = TARGETS.get(category, ("",))
        target = rng.choice(targets) if rng.random() < 0.7 else ""
        return content.format(**values), demand.format(**values), target

    def refused(self, validity: str, location: str, building: str = "", model: str = "") -> tuple[str, str, str, str]:
        """(category, content, demand, explanation) of an invalid or unreasonable complaint."""
        category, content, demand, explanation = self.rng.choice(REFUSED_CASES[self.profile][Validity(validity)])
        values = {
            "loc": location, "building": building or str(self.rng.randint(1, 12)),
            "when": self.rng.choice(WHEN), "model": model or self.rng.choice(MODELS)[1],
        }
        return category, content.format(**values), demand.format(**values), explanation


def _with_check_digit(body: str) -> str:
    """Put the ISO 3779 check digit at position 9 of a 17-character VIN."""
    values = {c: i % 10 if c.isdigit() else 0 for i, c in enumerate("0123456789")}
    values.update(dict(zip("ABCDEFGH", range(1, 9), strict=True)))
    values.update(dict(zip("JKLMN", range(1, 6), strict=True)))
    values.update({"P": 7, "R": 9})
    values.update(dict(zip("STUVWXYZ", range(2, 10), strict=True)))
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    total = sum(values[c] * w for c, w in zip(body, weights, strict=True))
    check_char = "X" if total % 11 == 10 else str(total % 11)
    return body[:8] + check_char + body[9:]


def fill(
    db: Database, months: int, seed: int, profile: str = "property",
    progress: Progress = NullProgress(), end: date | None = None,  # noqa: B008 - stateless
) -> DemoSummary:
    """Fill a migrated database with ``months`` months of demo data ending ``end`` (today).

    An empty database is first set up (site, administrator ``admin``/``admin123`` and
    one account per role with password ``demo123``).  Customers and complaints go in
    one transaction: cancelling leaves none of them behind.
    """
    months = max(1, int(months))
    check(progress)
    progress.update(0.0, _("正在准备账户…"))
    accounts, site, profile = _accounts(db, profile)
    check(progress)
    moment = wallclock.now()
    end_moment = moment if end is None or end >= moment.date() else datetime.combine(end, time(23, 59, 59))
    last_day = end_moment.date()
    month_index = last_day.year * 12 + last_day.month - 1 - (months - 1)
    first_day = date(month_index // 12, month_index % 12 + 1, 1)
    rng = random.Random(f"{seed}:{profile}:{first_day}:{last_day}")
    gen = DemoText(rng, profile)
    with db.write() as session, session.no_autoflush:
        ref = _References(session, profile)
        progress.update(0.05, _("正在生成客户档案…"))
        customers, locations, history = _customers(session, gen, ref, first_day)
        check(progress)
        progress.update(0.15, _("正在生成投诉…"))
        complaints, events, dispositions, more_history = _complaints(
            session, gen, ref, customers, locations, first_day, end_moment, progress
        )
        history.extend(more_history)
        check(progress)
        progress.update(0.45, _("正在写入数据…"))
        for table, rows in ((Customer, customers), (Location, locations), (Complaint, complaints),
                            (ComplaintEvent, events), (Disposition, dispositions)):
            for start in range(0, len(rows), 5000):
                session.execute(insert(table.__table__), rows[start : start + 5000])
            check(progress)
        _save_sequences(session, complaints)
        progress.update(0.6, _("正在写入历史记录…"))
        history.sort(key=lambda h: (h[0], h[1]))
        for i, (at, _order, actor, action, table_name, record_id, field, old, new) in enumerate(history):
            audit.record(session, actor, action, table_name, record_id, field, old, new, at=at)
            if i % 2000 == 0:
                check(progress)
                progress.update(0.6 + 0.35 * i / max(1, len(history)), _("正在写入历史记录…"))
        session.flush()
    check(progress)
    progress.update(0.96, _("正在生成工作联系函…"))
    add_letters(db, rng, end_moment)
    progress.update(1.0, _("演示数据已生成"))
    return DemoSummary(
        profile=profile, site_name=site, first_day=first_day, last_day=last_day,
        complaints=len(complaints),
        valid=sum(1 for c in complaints if c["validity"] == Validity.VALID),
        invalid=sum(1 for c in complaints if c["validity"] == Validity.INVALID),
        unreasonable=sum(1 for c in complaints if c["validity"] == Validity.UNREASONABLE),
        major=sum(1 for c in complaints if c["grade"] == Grade.MAJOR),
        customers=len(customers), history_entries=len(history), accounts=tuple(accounts),
    )


# --- accounts -----------------------------------------------------------------------------

_STAFF = (
    # username, display name, role, department index (None: none; -1: the front desk)
    ("clerk1", "王丽", Role.CLERK, -1),
    ("clerk2", "陈静", Role.CLERK, -1),
    ("manager", "周强", Role.AREA_MANAGER, None),
    ("supervisor", "吴敏", Role.SUPERVISOR, None),
    ("auditor", "孙琳", Role.AUDITOR, None),
)
_HEAD_OFFICES = ("资产管理部", "总经理办公室")
_HANDLER_NAMES = ("赵建国", "钱志军", "李海波", "冯德明", "刘春梅", "何永成", "高俊峰", "罗新华")


def _accounts(db: Database, profile: str) -> tuple[list[DemoAccount], str, str]:
    """Set up an empty database; add the demo accounts that are missing.  Returns (accounts, site, profile)."""
    if not auth.is_initialized(db):
        site = SITE_NAMES[Profile(profile)]
        admin = auth.initialize(db, profile, site, ADMIN_USERNAME, "管理员", ADMIN_PASSWORD)
        admin_password = ADMIN_PASSWORD
    else:
        stored = settings.load(db)
        profile, site = stored.profile, stored.site_name
        with db.read() as session:
            user = session.execute(
                select(User).where(User.role == Role.ADMIN.value, User.active.is_(True)).order_by(User.id)
            ).scalars().first()
            admin = Actor(user.id, user.username, user.display_name, user.role, user.department_id)
        admin_password = ""
    with db.read() as session:
        departments = session.execute(select(Department.id, Department.name).order_by(Department.sort_order)).all()
        existing = {
            u.username: u for u in session.execute(select(User)).scalars()
        }
    front = departments[0] if departments else None
    head_office = next((d for d in departments if d[1] in _HEAD_OFFICES), None)
    wanted: list[tuple[str, str, str, tuple[int, str] | None]] = []
    for username, name, role, dept in _STAFF:
        home = front if dept == -1 else head_office if role == Role.SUPERVISOR else None
        wanted.append((username, name, role, home))
    handled = [d for d in departments[1:] if d[1] not in _HEAD_OFFICES]
    for i, (dept_id, dept_name) in enumerate(handled, start=1):
        wanted.append((f"handler{i}", _HANDLER_NAMES[(i - 1) % len(_HANDLER_NAMES)], Role.HANDLER, (dept_id, dept_name)))
    dept_names = dict(departments)
    accounts = [DemoAccount(admin.username, admin_password, admin.display_name, Role.ADMIN.value)]
    for username, name, role, dept in wanted:
        if username in existing:
            u = existing[username]
            accounts.append(DemoAccount(u.username, "", u.display_name, u.role, dept_names.get(u.department_id, "")))
            continue
        auth.create_user(db, admin, username, name, DEMO_PASSWORD, role.value, dept[0] if dept else None,
                         is_head=role == Role.HANDLER)
        accounts.append(DemoAccount(username, DEMO_PASSWORD, name, role.value, dept[1] if dept else ""))
    return accounts, site, profile


class _References:
    """Ids the generator needs, read once inside the write unit of work."""

    def __init__(self, session, profile: str) -> None:  # noqa: ANN001
        self.profile = Profile(profile)
        self.categories = session.execute(
            select(Category.id, Category.name).where(Category.active.is_(True)).order_by(Category.sort_order)
        ).all()
        self.departments = session.execute(
            select(Department.id, Department.name).where(Department.active.is_(True)).order_by(Department.sort_order)
        ).all()
        users = session.execute(select(User).where(User.active.is_(True)).order_by(User.id)).scalars().all()
        actors = [Actor(u.id, u.username, u.display_name, u.role, u.department_id) for u in users]
        self.admin = next(a for a in actors if a.role == Role.ADMIN)
        self.receivers = [a for a in actors if a.role == Role.CLERK] or [self.admin]
        self.managers = [a for a in actors if a.role == Role.AREA_MANAGER] or self.receivers
        self.handlers = {a.department_id: a for a in actors if a.role == Role.HANDLER}
        self.supervisor = next((a for a in actors if a.role == Role.SUPERVISOR), None)
        self.dept_by_name = {name: i for i, name in self.departments}
        self.next_ids = {
            table: (session.execute(select(func.max(table.id))).scalar() or 0) + 1
            for table in (Customer, Location, Complaint, ComplaintEvent)
        }

    def take_id(self, table: type) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def department_for(self, rng: random.Random, category: str) -> int | None:
        names = [n for n in DEPARTMENT_OF.get(category, ()) if n in self.dept_by_name]
        if names:
            return self.dept_by_name[rng.choice(names)]
        return rng.choice(self.departments)[0] if self.departments else None


# --- customers ----------------------------------------------------------------------------

def _customers(session, gen: DemoText, ref: _References, first_day: date):  # noqa: ANN001, ANN202
    """The archive as it stood before the period: customers with one unit or vehicle each."""
    rng = gen.rng
    customers: list[dict] = []
    locations: list[dict] = []
    history: list[tuple] = []
    for n in range(CUSTOMERS[ref.profile]):
        cid, lid = ref.take_id(Customer), ref.take_id(Location)
        created = datetime.combine(first_day - timedelta(days=rng.randint(20, 900)), time(9)) + timedelta(
            minutes=rng.randint(0, 480)
        )
        name, phone = gen.person_name(), gen.mobile()
        customers.append(dict(
            id=cid, kind="person", name=name, gender=rng.choice(("男", "女")), phone=phone,
            other_phones=gen.mobile() if rng.random() < 0.15 else "", id_number="", note="",
            grade=rng.choice("ABCDE"), value_tier="", relationship_state="", rep_user_id=None,
            created_at=created,
        ))
        if ref.profile == Profile.PROPERTY:
            building, unit, floor, room = gen.unit()
            label = unit_label("", building, unit, room)
            locations.append(dict(
                id=lid, customer_id=cid, kind="unit", area="", building=building, unit=unit, floor=floor,
                room=room, plate="", vin="", model="", purchase_date=None, label=label,
            ))
        else:
            plate, vin, model = gen.vehicle()
            label = vehicle_label(plate, model)
            bought = created - timedelta(days=rng.randint(0, 60))
            locations.append(dict(
                id=lid, customer_id=cid, kind="vehicle", area="", building="", unit="", floor="", room="",
                plate=plate, vin=vin, model=model, purchase_date=bought, label=label,
            ))
        for field_name, value in (("name", name), ("phone", phone)):
            history.append((created, (0, n), ref.admin, "create", "customers", cid, field_name, "", value))
        history.append((created, (0, n), ref.admin, "create", "locations", lid, "label", "", label))
    return customers, locations, history


# --- complaints ---------------------------------------------------------------------------

_HOURS = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)
_HOUR_WEIGHTS = (1, 5, 14, 15, 12, 6, 7, 12, 13, 11, 8, 4, 3, 2, 1)


def _days(first_day: date, end_moment: datetime):  # noqa: ANN202
    day = first_day
    while day <= end_moment.date():
        yield day
        day += timedelta(days=1)


def _received_times(rng: random.Random, profile: Profile, first_day: date, end_moment: datetime) -> list[datetime]:
    moments: list[datetime] = []
    for day in _days(first_day, end_moment):
        expected = MONTHLY_BASE[profile] / 30.4 * SEASON[profile][day.month - 1]
        if day.weekday() >= 5:
            expected *= 1.15 if profile == Profile.PROPERTY else 1.25
        count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        for _i in range(count):
            hour = rng.choices(_HOURS, _HOUR_WEIGHTS)[0]
            minute = rng.randint(30, 59) if hour in (7, 8) and rng.random() < 0.7 else rng.randint(0, 59)
            at = datetime.combine(day, time(hour, minute, rng.randint(0, 59)))
            if at <= end_moment:
                moments.append(at)
    moments.sort()
    return moments


def _category(rng: random.Random, ref: _References, at: datetime) -> tuple[int, str]:
    weights = []
    for _id, name in ref.categories:
        weight = 1.0
        if ref.profile == Profile.PROPERTY and at.month in (6, 7, 8) and name in SUMMER_CATEGORIES:
            weight = 3.0
        if name in ("维修服务", "维修质量", "服务态度"):
            weight *= 1.6
        if name == "其他":
            weight *= 0.5
        weights.append(weight)
    return rng.choices(ref.categories, weights)[0]


def _complaints(session, gen: DemoText, ref: _References, customers: list[dict], places: list[dict],  # noqa: ANN001, ANN202
                first_day: date, end_moment: datetime, progress: Progress):
    rng = gen.rng
    locations = {
        p["customer_id"]: (p["customer_id"], p["id"], p["label"], p["building"], p["floor"], p["model"])
        for p in places
    }
    frequent = customers[: max(1, len(customers) // 12)]  # the repeat complainants
    complaints: list[dict] = []
    events: list[dict] = []
    dispositions: list[dict] = []
    history: list[tuple] = []
    times = _received_times(rng, ref.profile, first_day, end_moment)
    for n, received in enumerate(times):
        if n % 500 == 0:
            check(progress)
        receiver = rng.choice(ref.receivers) if rng.random() < 0.9 else rng.choice(ref.managers)
        cat_id, cat_name = _category(rng, ref, received)
        roll = rng.random()
        if roll < 0.8:
            customer = rng.choice(frequent) if rng.random() < 0.2 else rng.choice(customers)
            loc = locations.get(customer["id"])
            customer_id, location_id = customer["id"], loc[1] if loc else None
            label, building, floor, model = (loc[2], loc[3], loc[4], loc[5]) if loc else ("", "", "", "")
            if rng.random() < 0.85:
                complainant, phone = customer["name"], customer["phone"]
            else:  # a family member calls
                complainant, phone = customer["name"][0] + gen.person_name()[1:], gen.mobile()
        else:  # not (yet) in the archive: a tenant, a visitor
            customer_id = location_id = None
            complainant, phone = gen.person_name(), gen.mobile()
            building, floor, model = "", "", ""
            if ref.profile == Profile.PROPERTY:
                b, u, f, r = gen.unit()
                label, building, floor = unit_label("", b, u, r), b, f
            else:
                plate, _vin, model = gen.vehicle()
                label = vehicle_label(plate, model)
        validity = rng.choices(
            (Validity.VALID, Validity.INVALID, Validity.UNREASONABLE), (85, 9, 6)
        )[0].value
        validity_note = ""
        if validity == Validity.VALID:
            content, demand, target = gen.complaint(cat_name, label, building, floor, model)
        else:
            refused_category, content, demand, validity_note = gen.refused(validity, label, building, model)
            cat_id, cat_name = next(
                ((i, name) for i, name in ref.categories if name == refused_category), (cat_id, cat_name)
            )
            target = ""
        grade, criteria = Grade.MINOR.value, ""
        if validity == Validity.VALID and rng.random() < 0.035:
            grade = Grade.MAJOR.value
            criteria = rng.choices("ABC", (45, 40 if cat_name in NEIGHBOUR_CATEGORIES else 0, 20))[0]
            if rng.random() < 0.15:
                criteria = "".join(sorted(set(criteria + rng.choice("AC"))))
            content += MAJOR_SUFFIX[criteria[0]]
        department_id = ref.department_for(rng, cat_name)
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0].value
        cid = ref.take_id(Complaint)
        row = dict(
            id=cid, number="", received_at=received, receiver_id=receiver.id, channel=channel,
            complainant=complainant, phone=phone, customer_id=customer_id, location_id=location_id,
            location_text=label, category_id=cat_id, department_id=department_id, target=target,
            content=content, demand=demand, validity=validity, validity_note=validity_note, grade=grade,
            major_criteria=criteria, grade_reason=grade_reason(grade, criteria),
            status=Status.REGISTERED.value, escalated=False, note=rng.choice(NOTES), resolved_at=None,
            closed_at=None, updated_at=received, version=1,
        )
        complaints.append(row)
        snapshot = {name: row[name] for name in EDITABLE}  # as registered, before its life
        snapshot["received_at"] = received
        life = _life(rng, ref, row, receiver, end_moment)
        for at, kind, actor, data in life["events"]:
            events.append(dict(
                id=ref.take_id(ComplaintEvent), complaint_id=cid, kind=kind, at=at,
                user_id=actor.id if actor else None,
                data=json.dumps(data, ensure_ascii=False) if data else "",
            ))
        key = (1, n)
        history.append((received, key, receiver, "create", "complaints", cid, "number", "", None))
        history.append((received, key, receiver, "create", "complaints", cid, "*", "", snapshot))
        for at, actor, field_name, old, new in life["changes"]:
            history.append((at, key, actor, "update", "complaints", cid, field_name, old, new))
        if life["disposition"] is not None:
            dispositions.append(dict(_DISPOSITION_DEFAULTS, **life["disposition"], complaint_id=cid))
    _number(complaints, history, session)
    return complaints, events, dispositions, history


_DISPOSITION_DEFAULTS = {
    column.name: None for column in Disposition.__table__.columns if column.name not in ("id", "complaint_id")
} | {
    "dispatch_note": "", "method_text": "", "on_the_spot": False, "result_text": "", "verification_text": "",
    "verifier_name": "", "supervisor_opinion": "", "version": 1,
}


def _life(rng: random.Random, ref: _References, row: dict, receiver: Actor, end_moment: datetime) -> dict:
    """What happened to a complaint up to ``end_moment``: its events, field changes and disposition form."""
    received = row["received_at"]
    events: list[tuple] = [(received, EVENT_RECEIVED, receiver, None)]
    changes: list[tuple] = []
    if row["validity"] != Validity.VALID:
        closed = received + timedelta(minutes=rng.randint(5, 60))
        closed = min(closed, end_moment)
        row.update(status=Status.CLOSED.value, closed_at=closed, updated_at=closed)
        events.append((closed, EVENT_CLOSED, receiver, {"reason": row["validity"], "explanation": row["validity_note"]}))
        return {"events": events, "changes": changes, "disposition": None}
    life = Life(rng, row, receiver, end_moment, events, changes)
    handler = ref.handlers.get(row["department_id"]) or rng.choice(ref.managers)
    manager = rng.choice(ref.managers)
    major = row["grade"] == Grade.MAJOR
    if major:
        life.major_at_registration(manager)
        hours = rng.choices((rng.uniform(4, 12), rng.uniform(12, 72), rng.uniform(72, 360)), (50, 40, 10))[0]
    else:
        hours = rng.choices(
            (rng.uniform(0.5, 8), rng.uniform(24, 72), rng.uniform(72, 216), rng.uniform(240, 600)), (36, 38, 21, 5)
        )[0]
    resolved = received + timedelta(hours=hours)
    life.feedback(resolved)
    dispatched = received + timedelta(minutes=rng.randint(5, 90))
    if row["department_id"] is not None and dispatched <= end_moment and rng.random() < 0.85:
        life.dispatch(dispatched, handler, resolved)
    if major and rng.random() < 0.4:
        escalated = received + timedelta(minutes=rng.randint(5, 30))
        if escalated <= end_moment:
            row["escalated"] = True
            events.append((escalated, EVENT_ESCALATED, receiver, {"to": "superior"}))
            changes.append((escalated, receiver, "escalated", False, True))
    ten_days = received + timedelta(days=10)
    if not major and ten_days <= min(resolved, end_moment):
        # Not resolved within 10 days: became major automatically (criterion D).
        row.update(grade=Grade.MAJOR.value, major_criteria="D", grade_reason=grade_reason(Grade.MAJOR, "D"))
        events.append((ten_days, EVENT_BECAME_MAJOR, None, {"reason": "D"}))
        changes.append((ten_days, None, "grade", Grade.MINOR.value, Grade.MAJOR.value))
        changes.append((ten_days, None, "major_criteria", "", "D"))
        life.upgraded(ten_days, manager)
    if resolved <= end_moment:
        life.resolve(resolved, handler if life.form.get("dispatched_at") else receiver)
        life.close(ref.supervisor or manager, manager if row["grade"] == Grade.MAJOR else receiver)
    row.update(status=life.status, updated_at=max(at for at, *_ in events))
    return {"events": events, "changes": changes, "disposition": life.form}


def _number(complaints: list[dict], history: list[tuple], session) -> None:  # noqa: ANN001
    """Give numbers in order received, continuing each month's sequence as the register would."""
    last = dict(session.execute(
        select(NumberSequence.period, NumberSequence.last_value).where(NumberSequence.prefix == COMPLAINT_PREFIX)
    ).all())
    numbers = {}
    for row in complaints:  # already in order received
        period = period_of(row["received_at"])
        last[period] = last.get(period, 0) + 1
        row["number"] = numbers[row["id"]] = format_number(COMPLAINT_PREFIX, period, last[period])
    for i, entry in enumerate(history):
        if entry[4] == "complaints" and entry[6] == "number":
            history[i] = entry[:8] + (numbers[entry[5]],)
        elif entry[4] == "complaints" and entry[6] == "*":
            history[i] = entry[:8] + (json.dumps(entry[8], ensure_ascii=False, default=str),)


def _save_sequences(session, complaints: list[dict]) -> None:  # noqa: ANN001
    counts: dict[str, int] = {}
    for row in complaints:
        counts[row["received_at"].strftime("%Y%m")] = counts.get(row["received_at"].strftime("%Y%m"), 0) + 1
    existing = dict(session.execute(
        select(NumberSequence.period, NumberSequence.last_value).where(NumberSequence.prefix == COMPLAINT_PREFIX)
    ).all())
    for period, n in sorted(counts.items()):
        if period in existing:
            session.execute(
                update(NumberSequence.__table__)
                .where(NumberSequence.prefix == COMPLAINT_PREFIX, NumberSequence.period == period)
                .values(last_value=existing[period] + n)
            )
        else:
            session.execute(insert(NumberSequence.__table__).values(
                prefix=COMPLAINT_PREFIX, period=period, last_value=n
            ))
