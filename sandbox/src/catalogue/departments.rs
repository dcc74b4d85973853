//! The departments cases are handed to (承办单位), keyed by a stable code.

use crate::locale::{Text, t};

/// The hotline itself: it holds a case until the case is handed to a department.
pub const HOTLINE: &str = "hotline";

pub const DEPARTMENTS: &[(&str, Text)] = &[
    (
        HOTLINE,
        t(
            "市12345政务服务便民热线",
            "市12345政務服務便民專線",
            "City 12345 Government Service Hotline",
        ),
    ),
    (
        "urban-enforcement",
        t(
            "区城管执法局",
            "區城管執法局",
            "District Urban Management Enforcement Bureau",
        ),
    ),
    (
        "urban-management",
        t(
            "区城市管理局",
            "區城市管理局",
            "District Urban Management Bureau",
        ),
    ),
    (
        "ecology-environment",
        t(
            "区生态环境局",
            "區生態環境局",
            "District Ecology and Environment Bureau",
        ),
    ),
    (
        "housing",
        t(
            "区住建局",
            "區住建局",
            "District Housing and Urban-Rural Development Bureau",
        ),
    ),
    (
        "market-regulation-city",
        t(
            "市市场监管局",
            "市市場監管局",
            "City Administration for Market Regulation",
        ),
    ),
    (
        "market-regulation-district",
        t(
            "区市场监管局",
            "區市場監管局",
            "District Administration for Market Regulation",
        ),
    ),
    (
        "human-resources",
        t(
            "区人社局",
            "區人社局",
            "District Human Resources and Social Security Bureau",
        ),
    ),
    (
        "housing-fund",
        t(
            "市住房公积金管理中心",
            "市住房公積金管理中心",
            "City Housing Provident Fund Management Centre",
        ),
    ),
    (
        "civil-affairs",
        t("区民政局", "區民政局", "District Civil Affairs Bureau"),
    ),
    (
        "public-security",
        t(
            "区公安分局",
            "區公安分局",
            "District Public Security Sub-bureau",
        ),
    ),
    (
        "water",
        t("市水务集团", "市水務集團", "City Water Supply Group"),
    ),
    (
        "planning",
        t(
            "市规划和自然资源局",
            "市規劃和自然資源局",
            "City Planning and Natural Resources Bureau",
        ),
    ),
    (
        "gov-services",
        t(
            "市政务服务管理局",
            "市政務服務管理局",
            "City Government Services Administration",
        ),
    ),
];
