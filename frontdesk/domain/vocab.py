"""Fixed vocabularies of the paper forms and the two profile presets (SPEC §1, §2.1)."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import N_, Labels, _


class Profile(StrEnum):
    PROPERTY = "property"
    DEALERSHIP = "dealership"


PROFILE_LABELS = Labels({Profile.PROPERTY: N_("物业"), Profile.DEALERSHIP: N_("汽车")})


class Channel(StrEnum):
    PHONE = "phone"
    VISIT = "visit"
    LETTER = "letter"
    WECHAT = "wechat"
    ONLINE = "online"
    OTHER = "other"


CHANNEL_LABELS = Labels({
    Channel.PHONE: N_("来电"),
    Channel.VISIT: N_("来访"),
    Channel.LETTER: N_("来函"),
    Channel.WECHAT: N_("微信"),
    Channel.ONLINE: N_("网络"),
    Channel.OTHER: N_("其他"),
})


class Validity(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNREASONABLE = "unreasonable"


VALIDITY_LABELS = Labels({
    Validity.VALID: N_("有效"),
    Validity.INVALID: N_("无效"),
    Validity.UNREASONABLE: N_("无理"),
})


class Grade(StrEnum):
    MINOR = "minor"
    MAJOR = "major"


GRADE_LABELS = Labels({Grade.MINOR: N_("轻微"), Grade.MAJOR: N_("重大")})

#: The criteria that make a complaint major (SPEC §2.2).
MAJOR_CRITERIA = Labels({
    "A": N_("承诺或合同约定的服务未提供或明显有缺陷,多次反映仍未解决"),
    "B": N_("相邻单元或其他非公司原因导致无法正常生活"),
    "C": N_("管理失误造成重大经济损失或人身伤害"),
    "D": N_("10天内未得到合理解决"),
})


class Status(StrEnum):
    REGISTERED = "registered"
    DISPATCHED = "dispatched"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ARCHIVED = "archived"


STATUS_LABELS = Labels({
    Status.REGISTERED: N_("已登记"),
    Status.DISPATCHED: N_("处理中"),
    Status.RESOLVED: N_("已解决"),
    Status.CLOSED: N_("已关闭"),
    Status.ARCHIVED: N_("已归档"),
})

#: Complaints not yet resolved; with RESOLVED, complaints whose clocks may still run (the callback).
UNRESOLVED_STATUSES = (Status.REGISTERED, Status.DISPATCHED)
STATUSES_WITH_CLOCKS = (*UNRESOLVED_STATUSES, Status.RESOLVED)

#: Categories, departments and the location vocabulary each profile starts with.
PRESETS: dict[Profile, dict[str, list[str] | dict[str, str]]] = {
    Profile.PROPERTY: {
        "categories": [
            N_("维修服务"), N_("供电"), N_("供水"), N_("消防治安"), N_("卫生保洁"),
            N_("绿化"), N_("公共设施"), N_("停车管理"), N_("噪音扰民"), N_("收费"), N_("服务态度"), N_("其他"),
        ],
        "departments": [
            N_("服务站"), N_("工程部"), N_("保洁部"), N_("秩序部"), N_("维修班组"), N_("绿化部"), N_("财务部"), N_("资产管理部"),
        ],
        "terms": {"customer": N_("业主/租户"), "location": N_("房号"), "location_hint": N_("楼栋-单元-房号")},
    },
    Profile.DEALERSHIP: {
        "categories": [
            N_("维修质量"), N_("维修时效"), N_("配件"), N_("销售承诺"), N_("服务态度"), N_("收费"),
            N_("保险理赔"), N_("预约等待"), N_("车辆交付"), N_("其他"),
        ],
        "departments": [
            N_("客服部"), N_("售后车间"), N_("配件部"), N_("销售部"), N_("保险理赔部"), N_("财务部"), N_("总经理办公室"),
        ],
        "terms": {"customer": N_("车主"), "location": N_("车牌号"), "location_hint": N_("车牌号 / VIN / 车型")},
    },
}


def term(profile: str, key: str) -> str:
    """The profile's word for ``key`` (customer, location, location_hint), translated."""
    return _(PRESETS[Profile(profile)]["terms"][key])  # type: ignore[index]


def preset_names(profile: str, key: str) -> list[str]:
    """The profile's starting ``categories`` or ``departments``, translated."""
    return [_(name) for name in PRESETS[Profile(profile)][key]]  # type: ignore[union-attr]
