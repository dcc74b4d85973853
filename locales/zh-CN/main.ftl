# 简体中文（默认）。每个用户可见的文字都在这里。

app-name = 回音
app-tagline = 12345 政务服务便民热线 · 一网通办
page-title = { $page } - 回音
skip-to-content = 跳到主要内容
nav-label = 主导航
nav-home = 首页
nav-services = 服务目录
language-switch-label = 语言
footer-hotline = 也可以拨打 12345 热线，或到就近的线下服务窗口办理。

home-title = 首页
home-heading = 回音：件件有落实，事事有回音
home-intro = 在这里查找政务服务，提出投诉、咨询、求助、举报、建议或表扬，并随时查看办理进度。
home-services-link = 查看全部服务

services-title = 服务目录
services-heading = 服务目录
services-intro = 选择一项服务，了解需要准备什么、多久办结。
services-loading = 正在加载服务目录…
services-count = 共 { $count } 项服务
services-empty = 暂时没有可办理的服务。
services-retry = 重新加载
services-other-category = 其他服务

kind-complaint = 投诉
kind-consultation = 咨询
kind-help = 求助
kind-report = 举报
kind-suggestion = 建议
kind-praise = 表扬
kind-application = 办事申请

not-found-title = 找不到页面
not-found-heading = 找不到这个页面
not-found-body = 网址可能输错了，或者页面已经移走。
not-found-home-link = 回到首页

error-bad_request = 请求有误，请刷新页面后再试。
error-not_found = 没有找到您要的内容。
error-upstream_unavailable = 政务服务系统暂时无法连接，请稍后再试。您填写的内容不会丢失。
error-upstream_timeout = 政务服务系统响应太慢，请稍后再试。
error-upstream_invalid = 政务服务系统返回了无法识别的内容，请稍后再试。
error-network = 网络连接中断，请检查网络后再试。
