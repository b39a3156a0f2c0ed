"""Fixed vocabularies of the paper forms and the two profile presets (SPEC §1, §2.1)."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import _


class Profile(StrEnum):
    PROPERTY = "property"
    DEALERSHIP = "dealership"


PROFILE_LABELS = {Profile.PROPERTY: _("物业"), Profile.DEALERSHIP: _("汽车")}


class Channel(StrEnum):
    PHONE = "phone"
    VISIT = "visit"
    LETTER = "letter"
    WECHAT = "wechat"
    ONLINE = "online"
    OTHER = "other"


CHANNEL_LABELS = {
    Channel.PHONE: _("来电"),
    Channel.VISIT: _("来访"),
    Channel.LETTER: _("来函"),
    Channel.WECHAT: _("微信"),
    Channel.ONLINE: _("网络"),
    Channel.OTHER: _("其他"),
}


class Validity(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNREASONABLE = "unreasonable"


VALIDITY_LABELS = {
    Validity.VALID: _("有效"),
    Validity.INVALID: _("无效"),
    Validity.UNREASONABLE: _("无理"),
}


class Grade(StrEnum):
    MINOR = "minor"
    MAJOR = "major"


GRADE_LABELS = {Grade.MINOR: _("轻微"), Grade.MAJOR: _("重大")}

#: The criteria that make a complaint major (SPEC §2.2).
MAJOR_CRITERIA = {
    "A": _("承诺或合同约定的服务未提供或明显有缺陷,多次反映仍未解决"),
    "B": _("相邻单元或其他非公司原因导致无法正常生活"),
    "C": _("管理失误造成重大经济损失或人身伤害"),
    "D": _("10天内未得到合理解决"),
}


class Status(StrEnum):
    REGISTERED = "registered"
    DISPATCHED = "dispatched"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ARCHIVED = "archived"


STATUS_LABELS = {
    Status.REGISTERED: _("已登记"),
    Status.DISPATCHED: _("处理中"),
    Status.RESOLVED: _("已解决"),
    Status.CLOSED: _("已关闭"),
    Status.ARCHIVED: _("已归档"),
}

OPEN_STATUSES = (Status.REGISTERED, Status.DISPATCHED)

#: Categories, departments and the location vocabulary each profile starts with.
PRESETS: dict[Profile, dict[str, list[str] | dict[str, str]]] = {
    Profile.PROPERTY: {
        "categories": [
            _("维修服务"), _("供电"), _("供水"), _("消防治安"), _("卫生保洁"),
            _("绿化"), _("公共设施"), _("停车管理"), _("噪音扰民"), _("收费"), _("服务态度"), _("其他"),
        ],
        "departments": [
            _("服务站"), _("工程部"), _("保洁部"), _("秩序部"), _("维修班组"), _("绿化部"), _("财务部"), _("资产管理部"),
        ],
        "terms": {"customer": _("业主/租户"), "location": _("房号"), "location_hint": _("楼栋-单元-房号")},
    },
    Profile.DEALERSHIP: {
        "categories": [
            _("维修质量"), _("维修时效"), _("配件"), _("销售承诺"), _("服务态度"), _("收费"),
            _("保险理赔"), _("预约等待"), _("车辆交付"), _("其他"),
        ],
        "departments": [
            _("客服部"), _("售后车间"), _("配件部"), _("销售部"), _("保险理赔部"), _("财务部"), _("总经理办公室"),
        ],
        "terms": {"customer": _("车主"), "location": _("车牌号"), "location_hint": _("车牌号 / VIN / 车型")},
    },
}


def term(profile: str, key: str) -> str:
    return PRESETS[Profile(profile)]["terms"][key]  # type: ignore[index]
