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
error-network = 網路連線中斷，請檢查網路後再試。
