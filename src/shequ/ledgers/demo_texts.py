"""Words for demo cases: how often each category and source occurs, and what people say."""

CATEGORY_WEIGHTS = {
    "property_dispute": 12, "noise": 10, "road_facility": 8, "sanitation": 14, "utilities": 8,
    "social_assistance": 5, "elderly_care": 4, "neighbour_dispute": 10, "labour_dispute": 4,
    "petition": 4, "complaint": 8, "policy_inquiry": 6, "conflict_risk": 3,
    "key_person_trend": 1, "safety_hazard": 2.5, "group_risk": 0.5,
}
SOURCES = [("visit", 45), ("walk_in", 15), ("hotline", 20), ("portal", 5), ("open311", 5),
           ("api", 5), ("patrol", 4), ("rule", 1)]

TEXTS = {
    "property_dispute": ["电梯经常故障，物业维修不及时", "物业费上涨未公示", "小区监控损坏物业不修",
                         "地下车库漏水物业推诿"],
    "noise": ["楼下商铺夜间音响扰民", "装修噪音早上七点就开始", "广场舞音量过大", "夜间施工噪音"],
    "road_facility": ["路灯不亮已有一周", "井盖松动有安全隐患", "人行道地砖破损", "护栏被撞坏"],
    "sanitation": ["楼道堆放杂物", "垃圾清运不及时气味大", "绿化带有建筑垃圾", "化粪池外溢"],
    "utilities": ["单元停水未通知", "燃气管道有异味", "楼道电表箱漏电", "水压太低高层无水"],
    "social_assistance": ["申请临时救助", "低保待遇咨询及申请", "困难家庭求助", "残疾人补贴申请"],
    "elderly_care": ["独居老人需要助餐服务", "申请居家养老上门服务", "老人走失求助", "养老补贴咨询"],
    "neighbour_dispute": ["楼上漏水影响楼下", "占用公共楼道引发矛盾", "宠物扰邻", "停车位纠纷"],
    "labour_dispute": ["工地拖欠工资", "装修公司欠薪", "未签劳动合同被辞退", "加班费未支付"],
    "petition": ["反映拆迁补偿问题", "反映住房保障问题", "对处理结果不服再次反映", "反映历史遗留问题"],
    "complaint": ["投诉社区办事效率", "建议增设健身器材", "建议增加停车位", "投诉快递柜乱收费"],
    "policy_inquiry": ["咨询医保报销政策", "咨询户籍迁入手续", "咨询社保缴费", "咨询入学政策"],
    "conflict_risk": ["邻里矛盾有激化迹象", "家庭纠纷多次报警", "业主与物业矛盾升级", "债务纠纷扬言过激"],
    "key_person_trend": ["重点人员近期情绪异常", "重点人员外出未报告", "重点人员家属反映异常"],
    "safety_hazard": ["消防通道被占用", "电动车楼道充电", "危房出现裂缝", "燃气瓶违规存放"],
    "group_risk": ["多名业主拟集体上访", "工人聚集讨薪", "小区业主群情绪激烈"],
}
DETAILS = ["请尽快处理。", "已多次反映。", "影响正常生活。", "希望社区协调。", "情况紧急。", ""]
RESOLUTIONS = ["已联系相关单位处理完毕", "经协调双方达成一致", "已现场整改", "已转相关部门并办结",
               "已上门解释政策", "已安排维修"]
COMMENTS = ["回访记录完整，处置及时", "个别案件超期，需加强跟踪", "走访台账需补充照片",
            "稳定类事项报告及时", "本周群众满意度较高", "请关注重复诉求人员"]
