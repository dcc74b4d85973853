//! The seeded catalogue of a city's 12345 hotline and its one-network (一网通办) services.
//!
//! Time limits follow 12345 practice in working days: consultation and help 3,
//! complaint, report and suggestion 13, praise 5; applications by their own rules.

use super::Datatype::{self, Datetime, MultiValueList, Number, SingleValueList, String};
use super::Kind::{self, *};
use super::ServiceType::{self, *};
use crate::locale::{Text, t};

/// The services the city's residents use most, most used first: what the hotline's own
/// statistics (calls included) say, which no single website can count. Served as the
/// `common_rank` extension of `GET services`.
pub const COMMON: &[&str] = &[
    "noise-nuisance",
    "property-service",
    "water-outage",
    "social-insurance",
    "housing-fund",
    "streetlight-out",
];

pub struct SeedService {
    pub code: &'static str,
    pub kind: Kind,
    pub service_type: ServiceType,
    pub time_limit_days: u32,
    /// Code of the department a case goes to by default (see `DEPARTMENTS`).
    pub department: &'static str,
    pub name: Text,
    pub description: Text,
    pub group: Text,
    /// Localized search words, comma-separated; the kind token is put before them.
    pub keywords: Text,
    pub attributes: &'static [SeedAttribute],
}

pub struct SeedAttribute {
    pub code: &'static str,
    pub datatype: Datatype,
    pub required: bool,
    /// False for a notice shown to the resident that takes no input.
    pub variable: bool,
    pub description: Text,
    pub datatype_description: Option<Text>,
    pub values: &'static [(&'static str, Text)],
}

const fn attr(
    code: &'static str,
    datatype: Datatype,
    required: bool,
    description: Text,
) -> SeedAttribute {
    SeedAttribute {
        code,
        datatype,
        required,
        variable: true,
        description,
        datatype_description: None,
        values: &[],
    }
}

impl SeedAttribute {
    const fn values(mut self, values: &'static [(&'static str, Text)]) -> Self {
        self.values = values;
        self
    }

    const fn hint(mut self, hint: Text) -> Self {
        self.datatype_description = Some(hint);
        self
    }

    const fn notice(mut self) -> Self {
        self.variable = false;
        self
    }
}

const DATE_HINT: Text = t(
    "日期时间，如 2025-06-01T20:30:00+08:00",
    "日期時間，如 2025-06-01T20:30:00+08:00",
    "Date and time, e.g. 2025-06-01T20:30:00+08:00",
);
const BIRTH_DATE_HINT: Text = t(
    "日期，如 1940-05-01",
    "日期，如 1940-05-01",
    "A date, e.g. 1940-05-01",
);
const APPLICANT_NAME: SeedAttribute = attr(
    "applicant_name",
    String,
    true,
    t("申请人姓名", "申請人姓名", "Applicant's full name"),
);
const ID_NUMBER: SeedAttribute = attr(
    "id_number",
    String,
    true,
    t(
        "申请人身份证号码",
        "申請人身分證號碼",
        "Applicant's ID card number",
    ),
)
.hint(t(
    "18位居民身份证号码",
    "18位居民身分證號碼",
    "18-character resident ID number",
));
const DISTRICTS: &[(&str, Text)] = &[
    ("east", t("城东区", "城東區", "Chengdong District")),
    ("west", t("城西区", "城西區", "Chengxi District")),
    ("south", t("城南区", "城南區", "Chengnan District")),
    ("north", t("城北区", "城北區", "Chengbei District")),
];

pub const SEED: &[SeedService] = &[
    SeedService {
        code: "noise-nuisance",
        kind: Complaint,
        service_type: Realtime,
        time_limit_days: 13,
        department: "ecology-environment",
        name: t("噪音扰民投诉", "噪音擾鄰投訴", "Noise nuisance complaint"),
        description: t(
            "反映施工、商业经营、邻里生活、交通等噪音影响休息和生活的问题。",
            "反映施工、商家營業、鄰里生活、交通等噪音影響休息與生活的問題。",
            "Report noise from construction, businesses, neighbours or traffic that disturbs your rest or daily life.",
        ),
        group: t("环境保护", "環境保護", "Environment"),
        keywords: t(
            "噪音,扰民,施工噪音,夜间施工,广场舞,装修",
            "噪音,擾鄰,施工噪音,夜間施工,廣場舞,裝修",
            "noise,construction noise,night work,loud music,renovation",
        ),
        attributes: &[
            attr(
                "noise_source",
                SingleValueList,
                true,
                t("噪音来源", "噪音來源", "Where the noise comes from"),
            )
            .values(&[
                ("construction", t("建筑施工", "建築施工", "Construction work")),
                ("business", t("商业经营", "商家營業", "Shops and businesses")),
                ("neighbourhood", t("邻里生活", "鄰里生活", "Neighbours")),
                ("traffic", t("交通运输", "交通運輸", "Traffic")),
                ("other", t("其他", "其他", "Other")),
            ]),
            attr(
                "time_of_day",
                SingleValueList,
                false,
                t("噪音出现的时段", "噪音出現的時段", "When the noise happens"),
            )
            .values(&[
                ("day", t("白天（6:00–22:00）", "白天（6:00–22:00）", "Daytime (6:00–22:00)")),
                ("night", t("夜间（22:00–次日6:00）", "夜間（22:00–翌日6:00）", "Night (22:00–6:00)")),
            ]),
            attr(
                "started_at",
                Datetime,
                false,
                t("最近一次出现的时间", "最近一次出現的時間", "When it last happened"),
            )
            .hint(DATE_HINT),
        ],
    },
    SeedService {
        code: "street-vending",
        kind: Complaint,
        service_type: Realtime,
        time_limit_days: 13,
        department: "urban-enforcement",
        name: t("占道经营投诉", "攤販佔用道路投訴", "Street vending complaint"),
        description: t(
            "反映流动摊贩、店外经营等占用道路、人行道经营的问题。",
            "反映流動攤販、店外營業等佔用道路、人行道營業的問題。",
            "Report stalls or shops trading on roads and pavements.",
        ),
        group: t("市容城管", "市容管理", "City appearance"),
        keywords: t(
            "占道经营,流动摊贩,店外经营,夜市,人行道",
            "佔用道路,攤販,店外營業,夜市,人行道",
            "street vendors,stalls,pavement,night market,obstruction",
        ),
        attributes: &[
            attr(
                "vending_type",
                MultiValueList,
                true,
                t("经营类型（可多选）", "營業類型（可複選）", "What is being sold (choose all that apply)"),
            )
            .values(&[
                ("food_stall", t("餐饮小吃摊", "小吃攤", "Food stalls")),
                ("produce", t("果蔬摊", "蔬果攤", "Fruit and vegetables")),
                ("outside_shop", t("店外经营", "店外營業", "Shop goods outside the shop")),
                ("night_market", t("夜市摊点", "夜市攤位", "Night market stalls")),
            ]),
            attr(
                "frequency",
                SingleValueList,
                false,
                t("出现频率", "出現頻率", "How often"),
            )
            .values(&[
                ("daily", t("每天", "每天", "Every day")),
                ("often", t("经常", "經常", "Often")),
                ("occasionally", t("偶尔", "偶爾", "Now and then")),
            ]),
        ],
    },
    SeedService {
        code: "property-service",
        kind: Complaint,
        service_type: Realtime,
        time_limit_days: 13,
        department: "housing",
        name: t("物业服务投诉", "物業管理服務投訴", "Property management complaint"),
        description: t(
            "反映小区物业在电梯、保洁、安保、维修、收费、停车等方面的服务问题。",
            "反映社區物業在電梯、清潔、保全、修繕、收費、停車等方面的服務問題。",
            "Report problems with your estate's property management: lifts, cleaning, security, repairs, fees or parking.",
        ),
        group: t("住房物业", "住宅與物業", "Housing and property"),
        keywords: t(
            "物业,小区,电梯,物业费,停车,维修",
            "物業,社區,電梯,管理費,停車,修繕",
            "property management,estate,lift,service charge,parking,repairs",
        ),
        attributes: &[
            attr(
                "community_name",
                String,
                true,
                t("小区名称", "社區名稱", "Name of the housing estate"),
            ),
            attr(
                "issues",
                MultiValueList,
                true,
                t("问题类型（可多选）", "問題類型（可複選）", "What the problem is (choose all that apply)"),
            )
            .values(&[
                ("elevator", t("电梯", "電梯", "Lifts")),
                ("cleaning", t("保洁", "清潔", "Cleaning")),
                ("security", t("安保", "保全", "Security")),
                ("repairs", t("维修", "修繕", "Repairs")),
                ("fees", t("收费", "收費", "Fees")),
                ("parking", t("停车", "停車", "Parking")),
            ]),
        ],
    },
    SeedService {
        code: "social-insurance",
        kind: Consultation,
        service_type: Realtime,
        time_limit_days: 3,
        department: "human-resources",
        name: t("社保政策咨询", "社會保險政策諮詢", "Social insurance enquiry"),
        description: t(
            "咨询养老、失业、工伤保险的参保、缴费、待遇和转移接续政策。",
            "諮詢養老、失業、職災保險的投保、繳費、給付與轉移接續政策。",
            "Ask about pension, unemployment and work-injury insurance: enrolment, contributions, benefits and transfers.",
        ),
        group: t("社会保障", "社會保障", "Social security"),
        keywords: t(
            "社保,养老保险,失业保险,工伤,参保,退休",
            "社會保險,養老保險,失業保險,職災,投保,退休",
            "social insurance,pension,unemployment,work injury,retirement",
        ),
        attributes: &[attr(
            "topic",
            SingleValueList,
            true,
            t("咨询事项", "諮詢事項", "What your question is about"),
        )
        .values(&[
            ("pension", t("养老保险", "養老保險", "Pension insurance")),
            ("unemployment", t("失业保险", "失業保險", "Unemployment insurance")),
            ("work_injury", t("工伤保险", "職災保險", "Work-injury insurance")),
            ("transfer", t("参保登记与转移", "投保登記與轉移", "Enrolment and transfers")),
        ])],
    },
    SeedService {
        code: "housing-fund",
        kind: Consultation,
        service_type: Realtime,
        time_limit_days: 3,
        department: "housing-fund",
        name: t("公积金咨询", "公積金諮詢", "Housing provident fund enquiry"),
        description: t(
            "咨询住房公积金的缴存、提取、贷款和异地转移。",
            "諮詢住房公積金的繳存、提領、貸款與跨地區轉移。",
            "Ask about housing provident fund contributions, withdrawals, loans and transfers between cities.",
        ),
        group: t("住房物业", "住宅與物業", "Housing and property"),
        keywords: t(
            "公积金,提取,公积金贷款,缴存,转移",
            "公積金,提領,公積金貸款,繳存,轉移",
            "provident fund,withdrawal,mortgage,contributions,transfer",
        ),
        attributes: &[attr(
            "topic",
            SingleValueList,
            true,
            t("咨询事项", "諮詢事項", "What your question is about"),
        )
        .values(&[
            ("withdrawal", t("提取", "提領", "Withdrawals")),
            ("loan", t("贷款", "貸款", "Loans")),
            ("contribution", t("缴存", "繳存", "Contributions")),
            ("transfer", t("异地转移", "跨地區轉移", "Transfers between cities")),
        ])],
    },
    SeedService {
        code: "hukou-policy",
        kind: Consultation,
        service_type: Realtime,
        time_limit_days: 3,
        department: "public-security",
        name: t("户籍政策咨询", "戶籍政策諮詢", "Household registration enquiry"),
        description: t(
            "咨询落户、户口迁移、随迁子女入户等户籍政策。",
            "諮詢落戶、戶口遷移、隨遷子女入戶等戶籍政策。",
            "Ask about settling your household registration (hukou), moving it, or registering children.",
        ),
        group: t("户籍证件", "戶籍證件", "Registration and permits"),
        keywords: t(
            "户口,落户,迁户口,户籍,人才引进",
            "戶口,落戶,遷戶口,戶籍,人才引進",
            "hukou,household registration,settle,move registration",
        ),
        attributes: &[],
    },
    SeedService {
        code: "streetlight-out",
        kind: Help,
        service_type: Realtime,
        time_limit_days: 3,
        department: "urban-management",
        name: t("路灯不亮求助", "路燈不亮求助", "Streetlight out"),
        description: t(
            "道路、小巷或公园的路灯不亮、闪烁或损坏，请告诉我们位置。",
            "道路、巷弄或公園的路燈不亮、閃爍或損壞，請告訴我們位置。",
            "A streetlight on a road, lane or in a park is out, flickering or damaged: tell us where.",
        ),
        group: t("市政设施", "市政設施", "Public facilities"),
        keywords: t(
            "路灯,不亮,灯杆,照明,闪烁",
            "路燈,不亮,燈桿,照明,閃爍",
            "streetlight,lamp,lighting,dark street,flickering",
        ),
        attributes: &[
            attr(
                "pole_number",
                String,
                false,
                t("灯杆编号（灯杆上的喷涂编号）", "燈桿編號（燈桿上的噴漆編號）", "Pole number (painted on the pole)"),
            ),
            attr(
                "lamps_out",
                Number,
                false,
                t("不亮的路灯数量", "不亮的路燈數量", "How many lights are out"),
            )
            .hint(t("数字", "數字", "A number")),
        ],
    },
    SeedService {
        code: "water-outage",
        kind: Help,
        service_type: Realtime,
        time_limit_days: 3,
        department: "water",
        name: t("停水求助", "停水求助", "No water supply"),
        description: t(
            "家中或小区突然停水、水压过低，且未收到停水通知。",
            "家中或社區突然停水、水壓過低，且未收到停水通知。",
            "Your home or estate has no water or very low pressure, with no notice of works.",
        ),
        group: t("水电气热", "水電瓦斯", "Utilities"),
        keywords: t(
            "停水,没水,水压低,供水",
            "停水,沒水,水壓低,供水",
            "water outage,no water,low pressure,water supply",
        ),
        attributes: &[
            attr(
                "outage_since",
                Datetime,
                true,
                t("从什么时候开始停水", "從什麼時候開始停水", "Since when"),
            )
            .hint(DATE_HINT),
            attr(
                "households",
                Number,
                false,
                t("大约影响多少户", "大約影響多少戶", "About how many households are affected"),
            )
            .hint(t("数字", "數字", "A number")),
        ],
    },
    SeedService {
        code: "illegal-construction",
        kind: Report,
        service_type: Realtime,
        time_limit_days: 13,
        department: "urban-enforcement",
        name: t("违法建设举报", "違章建築檢舉", "Report illegal construction"),
        description: t(
            "举报楼顶加建、院落搭建、阳台外扩、空地违建等违法建设行为。",
            "檢舉頂樓加蓋、院落搭建、陽台外推、空地違建等違章建築。",
            "Report unauthorised building work: rooftop additions, yard structures, extended balconies, building on open land.",
        ),
        group: t("城乡建设", "城鄉建設", "Urban development"),
        keywords: t(
            "违建,违法建设,私搭乱建,加层,楼顶",
            "違建,違章建築,頂樓加蓋,陽台外推",
            "illegal construction,unauthorised building,rooftop addition",
        ),
        attributes: &[
            attr(
                "construction_type",
                SingleValueList,
                true,
                t("违建类型", "違建類型", "What kind of building work"),
            )
            .values(&[
                ("rooftop", t("楼顶加建", "頂樓加蓋", "Rooftop addition")),
                ("yard", t("院落搭建", "院落搭建", "Structure in a yard")),
                ("balcony", t("阳台外扩", "陽台外推", "Extended balcony")),
                ("open_land", t("空地新建", "空地新建", "New building on open land")),
            ]),
            attr(
                "construction_status",
                SingleValueList,
                false,
                t("施工状态", "施工狀態", "Is the work still going on"),
            )
            .values(&[
                ("ongoing", t("正在施工", "正在施工", "Still going on")),
                ("finished", t("已完工", "已完工", "Finished")),
            ]),
        ],
    },
    SeedService {
        code: "food-safety",
        kind: Report,
        service_type: Realtime,
        time_limit_days: 13,
        department: "market-regulation-city",
        name: t("食品安全举报", "食品安全檢舉", "Report a food safety problem"),
        description: t(
            "举报销售过期食品、无证经营、卫生条件差、违规添加等食品安全问题。",
            "檢舉販售過期食品、無照營業、衛生條件差、違規添加等食品安全問題。",
            "Report expired food, unlicensed food businesses, poor hygiene or illegal additives.",
        ),
        group: t("市场监管", "市場監管", "Market regulation"),
        keywords: t(
            "食品安全,过期食品,无证经营,卫生,餐馆",
            "食品安全,過期食品,無照營業,衛生,餐廳",
            "food safety,expired food,unlicensed,hygiene,restaurant",
        ),
        attributes: &[
            attr(
                "business_name",
                String,
                true,
                t("商家名称", "商家名稱", "Name of the shop or restaurant"),
            ),
            attr(
                "problems",
                MultiValueList,
                true,
                t("问题类型（可多选）", "問題類型（可複選）", "What the problem is (choose all that apply)"),
            )
            .values(&[
                ("expired", t("过期变质", "過期變質", "Expired or spoiled")),
                ("unlicensed", t("无证经营", "無照營業", "No licence")),
                ("hygiene", t("卫生条件差", "衛生條件差", "Poor hygiene")),
                ("additives", t("违规添加", "違規添加", "Illegal additives")),
                ("illness", t("食用后身体不适", "食用後身體不適", "Fell ill after eating")),
            ]),
            attr(
                "purchased_at",
                Datetime,
                false,
                t("购买或就餐时间", "購買或用餐時間", "When you bought or ate it"),
            )
            .hint(DATE_HINT),
            attr(
                "amount_paid",
                Number,
                false,
                t("消费金额（元）", "消費金額（元）", "Amount paid (yuan)"),
            )
            .hint(t("数字，如 35.5", "數字，如 35.5", "A number, e.g. 35.5")),
            attr(
                "receipt_kept",
                SingleValueList,
                true,
                t(
                    "您保留了购物小票或付款记录吗？",
                    "您保留了購物收據或付款紀錄嗎？",
                    "Did you keep the receipt or a record of the payment?",
                ),
            )
            .values(&[
                ("yes", t("保留了", "保留了", "Yes, I kept it")),
                ("no", t("没有保留", "沒有保留", "No")),
            ]),
            attr(
                "symptoms",
                Datatype::Text,
                false,
                t(
                    "如果食用后身体不适，请说说症状和就医情况",
                    "如果食用後身體不適，請說說症狀和就醫情況",
                    "If you fell ill after eating, describe how and any treatment",
                ),
            )
            .hint(t(
                "可以写几句话，没有就不填",
                "可以寫幾句話，沒有就不填",
                "A few sentences; leave it empty if you were not ill",
            )),
        ],
    },
    SeedService {
        code: "city-development",
        kind: Suggestion,
        service_type: Realtime,
        time_limit_days: 13,
        department: "planning",
        name: t("城市建设建议", "城市建設建言", "Suggestion for the city"),
        description: t(
            "对交通、绿化、公共设施、无障碍环境等城市建设提出意见和建议。",
            "對交通、綠化、公共設施、無障礙環境等城市建設提出意見與建言。",
            "Suggest improvements to transport, green spaces, public facilities or accessibility.",
        ),
        group: t("城乡建设", "城鄉建設", "Urban development"),
        keywords: t(
            "建议,城市建设,公交,绿化,无障碍,公共设施",
            "建言,城市建設,公車,綠化,無障礙,公共設施",
            "suggestion,city planning,bus,green space,accessibility",
        ),
        attributes: &[
            attr(
                "area",
                SingleValueList,
                true,
                t("建议领域", "建言領域", "What your suggestion is about"),
            )
            .values(&[
                ("transport", t("道路交通", "道路交通", "Roads and transport")),
                ("greenery", t("园林绿化", "園林綠化", "Parks and greenery")),
                ("facilities", t("公共设施", "公共設施", "Public facilities")),
                ("accessibility", t("无障碍环境", "無障礙環境", "Accessibility")),
            ]),
            attr(
                "expected_benefit",
                Datatype::Text,
                false,
                t("预期效果", "預期效果", "What it would improve"),
            ),
        ],
    },
    SeedService {
        code: "gov-service-improvement",
        kind: Suggestion,
        service_type: Realtime,
        time_limit_days: 13,
        department: "gov-services",
        name: t("政务服务建议", "政務服務建言", "Suggestion about government services"),
        description: t(
            "对办事流程、服务窗口、网上办事平台提出改进建议。",
            "對辦事流程、服務窗口、線上申辦平台提出改進建言。",
            "Suggest how procedures, service counters or online services could work better.",
        ),
        group: t("政务服务", "政務服務", "Government services"),
        keywords: t(
            "建议,办事流程,窗口,网上办事,一网通办",
            "建言,辦事流程,窗口,線上申辦",
            "suggestion,procedures,service counter,online services",
        ),
        attributes: &[],
    },
    SeedService {
        code: "staff-praise",
        kind: Praise,
        service_type: Realtime,
        time_limit_days: 5,
        department: "hotline",
        name: t("工作人员表扬", "工作人員表揚", "Praise a public servant"),
        description: t(
            "表扬为您热心服务的窗口、热线或一线工作人员，我们会转达并记录。",
            "表揚熱心為您服務的窗口、專線或第一線工作人員，我們會轉達並記錄。",
            "Thank a counter clerk, hotline operator or field worker who served you well: we pass it on and record it.",
        ),
        group: t("表扬感谢", "表揚感謝", "Praise and thanks"),
        keywords: t(
            "表扬,感谢,好人好事,服务好",
            "表揚,感謝,好人好事,服務好",
            "praise,thanks,good service,compliment",
        ),
        attributes: &[
            attr(
                "staff_unit",
                String,
                true,
                t("工作人员所在单位", "工作人員所屬單位", "Where the person works"),
            ),
            attr(
                "staff_name",
                String,
                false,
                t("工作人员姓名或工号", "工作人員姓名或編號", "Their name or staff number"),
            ),
            attr(
                "served_on",
                Datetime,
                false,
                t("服务时间", "服務時間", "When they helped you"),
            )
            .hint(DATE_HINT),
        ],
    },
    SeedService {
        code: "elderly-allowance",
        kind: Application,
        service_type: Batch,
        time_limit_days: 20,
        department: "civil-affairs",
        name: t("高龄津贴申请", "高齡津貼申請", "Old-age allowance application"),
        description: t(
            "年满80周岁的本市户籍老年人可申请高龄津贴，按月发放。",
            "年滿80歲的本市戶籍長者可申請高齡津貼，按月發放。",
            "Residents aged 80 or over with a household registration in the city can apply for a monthly old-age allowance.",
        ),
        group: t("养老服务", "長者福利", "Elderly care"),
        keywords: t(
            "高龄津贴,老年人,80岁,养老,补贴",
            "高齡津貼,長者,80歲,敬老,補助",
            "old-age allowance,elderly,80,senior,subsidy",
        ),
        attributes: &[
            attr(
                "eligibility_notice",
                Datatype::Text,
                false,
                t(
                    "申请条件：本市户籍且年满80周岁。审核通过后从次月起发放。",
                    "申請條件：本市戶籍且年滿80歲。審核通過後自次月起發放。",
                    "Who can apply: registered residents of the city aged 80 or over. Payments start the month after approval.",
                ),
            )
            .notice(),
            APPLICANT_NAME,
            ID_NUMBER,
            attr(
                "birth_date",
                Datetime,
                true,
                t("出生日期", "出生日期", "Date of birth"),
            )
            .hint(BIRTH_DATE_HINT),
            attr(
                "hukou_district",
                SingleValueList,
                true,
                t("户籍所在区", "戶籍所在區", "District of household registration"),
            )
            .values(DISTRICTS),
            attr(
                "payment_method",
                SingleValueList,
                true,
                t("发放方式", "發放方式", "How you want to be paid"),
            )
            .values(&[
                ("bank_card", t("本人银行卡", "本人銀行帳戶", "Own bank card")),
                ("social_security_card", t("社会保障卡", "社會保障卡", "Social security card")),
            ]),
        ],
    },
    SeedService {
        code: "residence-permit",
        kind: Application,
        service_type: Batch,
        time_limit_days: 15,
        department: "public-security",
        name: t("居住证办理", "居住證辦理", "Residence permit application"),
        description: t(
            "在本市居住满半年，并有合法稳定就业、住所或连续就读的非本市户籍人员可申领居住证。",
            "在本市居住滿半年，並有合法穩定就業、住所或連續就讀的非本市戶籍人士可申領居住證。",
            "People without a household registration here who have lived in the city for six months with stable work, housing or study can apply for a residence permit.",
        ),
        group: t("户籍证件", "戶籍證件", "Registration and permits"),
        keywords: t(
            "居住证,外来人员,暂住,办证",
            "居住證,外來人口,暫住,辦證",
            "residence permit,migrant,newcomer,permit",
        ),
        attributes: &[
            APPLICANT_NAME,
            ID_NUMBER,
            attr(
                "residence_address",
                Datatype::Text,
                true,
                t("在本市的居住地址", "在本市的居住地址", "Your address in the city"),
            ),
            attr(
                "living_since",
                Datetime,
                true,
                t("开始在本市居住的日期", "開始在本市居住的日期", "Since when you have lived here"),
            )
            .hint(BIRTH_DATE_HINT),
            attr(
                "basis",
                SingleValueList,
                true,
                t("申领依据", "申領依據", "On what grounds you apply"),
            )
            .values(&[
                ("employment", t("合法稳定就业", "合法穩定就業", "Stable employment")),
                ("business", t("合法经营", "合法經營", "Running a business")),
                ("residence", t("合法稳定住所", "合法穩定住所", "Stable housing")),
                ("study", t("连续就读", "連續就讀", "Full-time study")),
            ]),
        ],
    },
    SeedService {
        code: "public-rental-housing",
        kind: Application,
        service_type: Batch,
        time_limit_days: 20,
        department: "housing",
        name: t("公共租赁住房申请", "社會住宅申請", "Public rental housing application"),
        description: t(
            "住房困难的低收入家庭、新就业职工和外来务工人员可申请公共租赁住房。",
            "住房困難的低收入家庭、新進職場員工與外來工作者可申請社會住宅。",
            "Low-income households in housing need, young workers and migrant workers can apply for public rental housing.",
        ),
        group: t("住房物业", "住宅與物業", "Housing and property"),
        keywords: t(
            "公租房,保障房,租房,住房困难",
            "社會住宅,公共住宅,租屋,住房困難",
            "public housing,rental housing,affordable housing",
        ),
        attributes: &[
            APPLICANT_NAME,
            ID_NUMBER,
            attr(
                "household_size",
                Number,
                true,
                t("家庭人口数", "家庭人口數", "People in your household"),
            )
            .hint(t("数字", "數字", "A number")),
            attr(
                "monthly_income",
                Number,
                true,
                t("家庭人均月收入（元）", "家庭每人每月平均收入（元）", "Monthly income per person (yuan)"),
            )
            .hint(t("数字，如 2500", "數字，如 2500", "A number, e.g. 2500")),
            attr(
                "current_housing",
                SingleValueList,
                true,
                t("目前住房情况", "目前住房情況", "Where you live now"),
            )
            .values(&[
                ("renting", t("租房居住", "租屋居住", "Renting")),
                ("with_family", t("借住亲友家", "借住親友家", "Staying with family or friends")),
                ("dormitory", t("单位宿舍", "公司宿舍", "Employer's dormitory")),
            ]),
        ],
    },
    SeedService {
        code: "sole-proprietor-registration",
        kind: Application,
        service_type: Batch,
        time_limit_days: 10,
        department: "market-regulation-district",
        name: t("个体工商户设立登记", "個體工商戶設立登記", "Register a sole proprietorship"),
        description: t(
            "开办个体工商户（小店、摊点、维修铺等）的设立登记，办结后领取营业执照。",
            "開辦個體工商戶（小店、攤位、修理店等）的設立登記，辦結後領取營業執照。",
            "Register a small business (shop, stall, repair shop) as a sole proprietorship and receive its business licence.",
        ),
        group: t("证照办理", "證照辦理", "Licences"),
        keywords: t(
            "个体户,营业执照,开店,登记",
            "個體戶,營業執照,開店,登記",
            "sole proprietor,business licence,open a shop,register",
        ),
        attributes: &[
            APPLICANT_NAME,
            ID_NUMBER,
            attr(
                "business_name",
                String,
                true,
                t("拟用字号名称", "擬用商號名稱", "Proposed business name"),
            ),
            attr(
                "business_scope",
                MultiValueList,
                true,
                t("经营范围（可多选）", "營業項目（可複選）", "Business activities (choose all that apply)"),
            )
            .values(&[
                ("retail", t("零售", "零售", "Retail")),
                ("catering", t("餐饮", "餐飲", "Food and drink")),
                ("services", t("居民服务", "生活服務", "Personal services")),
                ("repair", t("维修", "修理", "Repairs")),
            ]),
            attr(
                "premises_address",
                Datatype::Text,
                true,
                t("经营场所地址", "營業場所地址", "Address of the premises"),
            ),
            attr(
                "capital",
                Number,
                false,
                t("资金数额（万元）", "資金數額（萬元）", "Capital (10,000 yuan)"),
            )
            .hint(t("数字", "數字", "A number")),
        ],
    },
];
