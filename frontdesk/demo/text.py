"""The words of the demo data: names, phones, units, vehicles and complaint sentences per profile.

Data, not labels: these are what a site's records would say, so they stay Chinese whatever
language the window speaks.
"""

from __future__ import annotations

import random

from frontdesk.domain.vocab import Channel, Profile, Validity

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


