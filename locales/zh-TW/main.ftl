# 繁體中文

app-name = 回音
app-tagline = 12345 政務服務便民熱線 · 一網通辦
page-title = { $page } - 回音
skip-to-content = 跳到主要內容
nav-label = 主導覽
nav-home = 首頁
nav-services = 服務目錄
language-switch-label = 語言
footer-hotline = 也可以撥打 12345 熱線，或到就近的臨櫃服務窗口辦理。

home-title = 首頁
home-heading = 回音：件件有落實，事事有回音
home-intro = 在這裡查找政務服務，提出投訴、諮詢、求助、檢舉、建議或表揚，並隨時查看辦理進度。
home-services-link = 查看全部服務

services-title = 服務目錄
services-heading = 服務目錄
services-intro = 選擇一項服務，了解需要準備什麼、多久辦結。
services-loading = 正在載入服務目錄…
services-count = 共 { $count } 項服務
services-empty = 暫時沒有可辦理的服務。
services-retry = 重新載入
services-other-category = 其他服務

kind-complaint = 投訴
kind-consultation = 諮詢
kind-help = 求助
kind-report = 檢舉
kind-suggestion = 建議
kind-praise = 表揚
kind-application = 辦事申請

not-found-title = 找不到頁面
not-found-heading = 找不到這個頁面
not-found-body = 網址可能輸入錯誤，或者頁面已經移除。
not-found-home-link = 回到首頁

error-bad_request = 請求有誤，請重新整理頁面後再試。
error-not_found = 沒有找到您要的內容。
error-upstream_unavailable = 政務服務系統暫時無法連線，請稍後再試。您填寫的內容不會遺失。
error-upstream_timeout = 政務服務系統回應太慢，請稍後再試。
error-upstream_invalid = 政務服務系統傳回了無法辨識的內容，請稍後再試。
error-validation_failed = 有些內容需要修改，請依提示檢查。
error-idempotency_key_missing = 提交缺少裝置識別，請重新整理頁面後再提交。
error-idempotency_key_reused = 這次提交與之前的一次衝突，請重新整理頁面後檢查再提交。
error-submission_in_progress = 您的訴求正在提交，請稍候，不要重複提交。
error-case_not_found = 沒有找到這件訴求。請核對案件編號和查詢碼。
error-too_many_attempts = 查詢碼錯誤次數太多，請 { $seconds } 秒後再試。
error-action_not_allowed = 這件訴求現在不能辦理這項操作。
error-rate_limited = 操作太頻繁，請 { $seconds } 秒後再試。
error-payload_too_large = 檔案太大，請換一張較小的照片。
error-unsupported_media_type = 只能上傳 JPEG、PNG 或 WebP 格式的照片。
error-image_too_large = 照片像素太多，請換一張較小的照片。
error-image_unreadable = 這張照片無法開啟，請換一張。
error-upstream_rejected = 政務服務系統沒有接受這次提交，請檢查填寫的內容。
error-network = 網路連線中斷，請檢查網路後再試。

field-error-required = 請填寫此項
field-error-too_short = 內容太短，請多寫幾個字
field-error-too_long = 內容太長，請刪減一些
field-error-not_a_number = 請填寫數字
field-error-not_a_datetime = 請填寫正確的日期和時間
field-error-not_an_option = 請從選項中選擇
field-error-invalid_phone = 請填寫正確的手機號碼或市話號碼，例如 13812345678
field-error-invalid_email = 請填寫正確的電子郵件，例如 name@example.com
field-error-invalid_location = 位置不正確，請重新定位或填寫地址
field-error-too_many = 選擇的項目太多
field-error-consent_required = 請閱讀並同意隱私說明
field-error-out_of_range = 請在範圍內選擇
field-error-unknown = 這一項不屬於所選服務

stage-submitted = 已提交
stage-accepted = 已受理
stage-assigned = 已轉辦
stage-in_progress = 辦理中
stage-answered = 已辦結
stage-rated = 已評價
stage-needs_info = 待補充
stage-escalated = 已督辦
stage-not_accepted = 不予受理
stage-withdrawn = 已撤回

action-info = 補充資料
action-urge = 催辦
action-withdraw = 撤回
action-rating = 評價
