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
error-validation_failed = 有些内容需要修改，请按提示检查。
error-idempotency_key_missing = 提交缺少设备标识，请刷新页面后重新提交。
error-idempotency_key_reused = 这次提交与之前的一次冲突，请刷新页面后检查再提交。
error-submission_in_progress = 您的诉求正在提交，请稍候，不要重复提交。
error-case_not_found = 没有找到这件诉求。请核对工单编号和查询码。
error-too_many_attempts = 查询码错误次数太多，请 { $seconds } 秒后再试。
error-action_not_allowed = 这件诉求现在不能办理这项操作。
error-rate_limited = 操作太频繁，请 { $seconds } 秒后再试。
error-payload_too_large = 文件太大，请换一张较小的照片。
error-unsupported_media_type = 只能上传 JPEG、PNG 或 WebP 格式的照片。
error-image_too_large = 照片像素太多，请换一张较小的照片。
error-image_unreadable = 这张照片无法打开，请换一张。
error-upstream_rejected = 政务服务系统没有接受这次提交，请检查填写的内容。
error-network = 网络连接中断，请检查网络后再试。

field-error-required = 请填写此项
field-error-too_short = 内容太短，请多写几个字
field-error-too_long = 内容太长，请删减一些
field-error-not_a_number = 请填写数字
field-error-not_a_datetime = 请填写正确的日期和时间
field-error-not_an_option = 请从选项中选择
field-error-invalid_phone = 请填写正确的手机号或座机号，例如 13812345678
field-error-invalid_email = 请填写正确的电子邮箱，例如 name@example.com
field-error-invalid_location = 位置不正确，请重新定位或填写地址
field-error-too_many = 选择的项目太多
field-error-consent_required = 请阅读并同意隐私说明
field-error-out_of_range = 请在范围内选择
field-error-unknown = 这一项不属于所选服务

stage-submitted = 已提交
stage-accepted = 已受理
stage-assigned = 已转办
stage-in_progress = 办理中
stage-answered = 已办结
stage-rated = 已评价
stage-needs_info = 待补充
stage-escalated = 已督办
stage-not_accepted = 不予受理
stage-withdrawn = 已撤回

action-info = 补充材料
action-urge = 催办
action-withdraw = 撤回
action-rating = 评价
