# 直通车 — 简体中文（参考语言）。格式：key = value；{ $name } 为参数。
# 以 admin- 开头的键只用于 Worker 答复管理员的表单，构建时不放进手机端下载的文本文件。

app-name = 跨境贸易便利化直通车
app-short = 直通车
commitment-line = 紧急问题受理后2个工作小时内响应、1个工作日内办结

# 港口
port-qianwan = 前湾港区
port-dagang = 大港港区
port-huangdao = 黄岛港区
port-dongjiakou = 董家口港区
port-airport = 胶东国际机场
port-rail = 胶州铁路集装箱中心站
port-other = 其他口岸

# 责任单位
dept-customs = 海关
dept-port_office = 口岸办
dept-maritime = 海事
dept-border = 边检
dept-tax = 税务
dept-forex = 外汇管理
dept-commerce = 商务
dept-port_operator = 港口企业
dept-market_regulation = 市场监管
dept-ftz_center = 自贸区企业中心

topic-declaration = 通关申报
topic-inspection = 查验检疫
topic-logistics = 港口物流
topic-fees = 口岸收费
topic-tax = 税收退税
topic-origin = 原产地与归类
topic-credit = 信用与合规
topic-zones = 保税与新业态
topic-forex = 外汇结算
topic-service = 直通车服务

# 问题类别
category-basic = 高频基础问题
category-consult = 共性咨询问题
category-practice = 海关实务问题
category-innovation = 创新性问题

# 来源
channel-web = 网上直通车
channel-wechat = 微信公众号
channel-hotline = 热线电话
channel-visit = 走访座谈
channel-survey = 问卷调研
channel-referral = 上级转办

# 办理状态
status-submitted = 已受理，待确认分级
status-triaged = 已分级，待办理
status-in_progress = 办理中
status-needs_info = 待您补充材料
status-answered = 已答复
status-closed = 已办结
status-merged = 已并入同类问题批量办理
status-reopened = 整改中

# 办理层级
level-1 = 首问自办
level-2 = 责任单位分办
level-3 = 工作专班督办
level-4 = 领导小组决策

# 时间线
event-submitted = 您提交了问题，系统已受理
event-keyed_in = 工作人员代为登记了您反映的问题
event-triaged = 已确认问题分级和责任单位
event-regraded = 调整了问题分级或责任单位
event-accepted = 责任单位已开始办理
event-assigned = 指定了经办人
event-reply = 工作人员回复
event-note = 内部备注
event-info_requested = 请您补充材料
event-info_supplied = 您补充了材料
event-escalated = 提级办理
event-answered = 已答复
event-closed = 已办结
event-reopened = 重新办理（整改）
event-merged = 与同类问题合并，统一答复
event-message = 您补充了说明
event-rated = 您评价了办理结果
event-rectification = 进入整改，限期办结
event-explained = 对您的评价作出说明
event-appealed = 评价转入复核
event-visited = 回访记录
event-answer_corrected = 答复已更正（以本条为准）
event-auto_closed = 答复后在公布的期限内未评价，系统自动办结
status-first-responsible = 首问负责
worker-first-responsible-front_desk = 前台首问受理员
worker-first-responsible-handler = 责任单位经办人
worker-first-responsible-supervisor = 工作专班
worker-first-responsible-leader = 领导小组
worker-first-responsible-admin = 系统管理员
worker-info-request = 为一次办结，请一次性补充以下材料：
worker-material-business_license = 营业执照
worker-material-declaration_number = 报关单号
worker-material-bill_of_lading = 提单号或运单号
worker-material-container_number = 集装箱号
worker-material-system_screenshot = 系统页面或报错截图
worker-material-policy_reference = 所涉政策的名称或文号
worker-material-goods_description = 商品名称、用途及成分说明
worker-material-hs_code = 商品编码（HS编码）
worker-material-trade_mode = 贸易方式
worker-material-declaration_form = 报关单（复印件或截图）
worker-material-commercial_invoice = 商业发票
worker-material-packing_list = 装箱单
worker-material-trade_contract = 贸易合同
worker-material-certificate_of_origin = 原产地证书
worker-material-inspection_certificate = 检验检疫证书
worker-material-customs_notice = 海关通知书（查验、税费等）
worker-material-duty_payment_form = 税款缴款书
worker-material-fee_receipt = 收费票据
worker-material-power_of_attorney = 代理报关委托书
worker-material-proposal = 书面建议或方案
worker-material-business_model = 业务模式说明
worker-material-legal_basis = 相关法律法规依据
worker-material-volume_estimate = 预计业务量
worker-material-precedent = 其他口岸或地区的先行做法
worker-material-other = 其他材料（见说明）
err-materials = 请从本类问题的材料清单中勾选要补充的材料，每项一次；选“其他材料”须写明说明
err-second-request = 已请企业补充过一次材料；再次要求须由工作专班批准并写明理由
event-returned = 承办单位退回前台，重新分办
event-assist_asked = 请协办单位会同办理
event-assist_replied = 协办单位已回复
event-assist_withdrawn = 撤回会同任务
event-order_issued = 工作专班已发出督办单，责成承办单位限期办理
event-order_replied = 承办单位已回复督办
event-decided = 领导小组已作出决定
timeline-submitted_to_task_force = 已提交工作专班
timeline-supervision_order_issued = 工作专班已督办
timeline-submitted_to_leadership = 已提交领导小组
timeline-leadership_decided = 领导小组已作出决定
order-overdue_expedite = 本件已超过承诺时限，请立即办理并报告进展
order-overdue_report_to_leadership = 本件在工作专班督办后仍超期，请向领导小组报告办理情况
err-order = 督办单无法发出：请选择承办单位，写明督办事项（500字以内），期限须晚于现在
err-decision = 请写明领导小组的决定（500字以内）
status-assisting = 协办单位
status-stage = 当前进展
err-assist = 会同任务无法添加：请选择主办单位以外、尚无未完成任务的单位，写明事项，期限须晚于现在且不晚于本件的承诺时限
err-assist-reply = 请填写回复内容（500字以内）
err-assist-open = 尚有会同单位未回复，暂不能答复企业；可等待回复或撤回任务
event-flagged_48h = 受理超过48小时仍未答复，已列为重点跟进

deadline-paused = 暂停计时：等待您补充材料，补充后继续计算办理时限
deadline-on_track = 按承诺时限办理中
deadline-overdue = 已超过承诺时限，正在催办
deadline-met = 在承诺时限内答复
deadline-missed = 超过承诺时限答复
# 表单字段
field-enterprise_name = 企业名称
field-uscc = 统一社会信用代码
field-contact_name = 联系人
field-contact_phone = 手机号码
field-port = 口岸
field-title = 问题标题
field-description = 问题描述
field-channel = 来源渠道

# 字段提示
hint-enterprise_name = 与营业执照一致
hint-uscc = 营业执照上的18位代码
hint-contact_name = 方便工作人员称呼您
hint-contact_phone = 仅用于联系您，不会公开
hint-port = 货物所在或办理业务的口岸
hint-channel = 网上直通车或微信公众号
hint-title = 一句话说明问题，如“船边直提的柜进了堆场”
hint-description = 提单号、报关单号、箱号、时间等越具体，办得越快
placeholder-port = 请选择口岸

# 字段错误：说清楚怎么改
err-required = 请填写{ $field }
err-filter = 筛选条件无效，请重新选择
err-too-short = { $field }至少需要{ $min }个字
err-too-long = { $field }最多{ $max }个字，请精简
err-control = { $field }里有看不见的控制字符（多为复制粘贴带入），请删除后再提交
err-hidden-control = 内容里有看不见的控制字符（多为复制粘贴带入），请删除后再提交
admin-err-rule-words = 每条规则填1至20个关键词，每个不超过30字
admin-err-rule-target = 请为这条规则选择类别或责任单位
admin-err-rule-note = 说明不超过200字
admin-err-rules-count = 分办规则最多100条
admin-err-calendar-year = 年份须在 2026 至 2036 年之间
admin-err-calendar-date = 日期格式应为 2027-02-06 这样的年-月-日
admin-err-calendar-other-year = 这一天不在所编辑的年份里
admin-err-calendar-kind = 请选择“放假”或“调休上班”
admin-err-calendar-workday-weekday = 调休上班日应是周六或周日（工作日本来就上班）
admin-err-calendar-note = 说明最多 40 个字
admin-err-calendar-twice = 同一天出现了两次
admin-err-commitment-rows = 承诺表应依次有 A、B、C 三档紧急程度
admin-err-commitment-span = 时限至少 1 个单位，最多 40 个工作小时或 60 个工作日
admin-err-commitment-order = 办结时限不能短于首次响应，创新类不能短于一般办结时限
admin-err-commitment-urgency = 更紧急的一档不能比下一档更慢
err-uscc-length = 统一社会信用代码应为18位，请核对营业执照上的代码（现在是{ $n }位）
err-uscc-char = 第{ $pos }位“{ $char }”不会出现在信用代码中（代码不含I、O、S、V、Z），请核对
err-uscc-division = 信用代码第3至8位是行政区划代码，应为数字，请核对
err-uscc-check = 统一社会信用代码校验未通过，可能有一位输错了，请对照营业执照逐位核对
err-phone-length = 手机号码应为11位（现在是{ $n }位），请核对
err-phone-digits = 手机号码只能包含数字
err-phone-prefix = 请填写以1开头的11位手机号码
err-port = 请从列表中选择口岸
err-channel = 该来源渠道仅限工作人员代为登记

err-username = 用户名为3至32位小写字母、数字或“._-”
err-username-taken = 这个用户名已被使用
err-role = 请选择角色
err-department = 责任单位账号必须选择所属单位
err-password = 密码至少10位，且不能全是数字或全是字母
err-display-name = 请填写姓名（40字以内）
err-received-at = 受理时间不能晚于现在，也不能早于30天前
err-batch-title = 请填写标题
err-batch-cases = 请选择要合并的问题（1至200条）
err-reason = 这项操作需要填写理由，会记入办理记录
err-body = 请填写答复内容
err-lookup-case-no = 请填写完整的问题编号，如 ZTC-20261123-0001
err-lookup-last4 = 请填写登记手机号的后4位数字
err-review-message = 请填写给企业的说明（不超过4000字）
err-level = 办理层级只能逐级提高，最高为4级
err-assignee = 只能指派给本单位的在岗人员
err-action = 请选择本案件可用的操作
err-triage = 请选择有效的类别、重要性、紧迫性、责任单位和层级
# 接口错误
api-invalid-json = 提交的内容无法识别，请刷新页面后重试
api-body-too-large = 提交的内容超过64KB，请精简问题描述
api-unsupported-media-type = 请以JSON格式提交
api-gone = 该内容已撤下，不再作为现行依据
err-faq-id = 请指明是哪一条问答
kb-retired-title = 该内容已撤下
kb-retired-desc = 这条政策或问答已不再现行，请在列表中查看现行内容，或直接反映问题。
kb-back-to-list = 查看现行内容
api-not-found = 没有这个地址
api-method-not-allowed = 不支持这种请求方式
api-validation = 有几项需要修改，请看每一项下方的提示
api-idempotency-missing = 缺少Idempotency-Key请求头
api-idempotency-malformed = Idempotency-Key应为8至128位字母、数字、“-”或“_”
api-idempotency-reused = 这个Idempotency-Key已用于另一条不同的问题
api-case-not-found = 没有找到这条问题，请核对二维码或链接
api-unauthorized = 请先登录
api-forbidden = 您的角色不能进行这项操作
api-bad-origin = 请求来源不符，请从工作台页面操作
api-invalid-credentials = 用户名或密码不正确
api-locked = 连续输错密码5次，账号已锁定，请于{ $until }后再试
api-conflict = 这条问题刚被其他人处理过，请刷新后再操作
api-action-not-allowed = 问题当前状态下不能进行这项操作
api-bootstrap-closed = 管理员账号已存在，或初始化口令不正确
api-too-many-requests = 请求太频繁，请{ $minutes }分钟后再试
err-message = 请填写补充内容（2000字以内）
err-score = 请选择满意程度
err-comment = 评价内容请控制在500字以内
err-review = 请选择核实结论并填写说明
err-visit = 请选择回访方式和结果
api-import-rejected = 有几行不能导入，本次未写入任何内容，请按每行的提示修改后重新导入
err-query = 搜索词最多100字
err-page = 页码应为从1开始的整数
err-month = 月份应写作 YYYY-MM，例如 2026-10
api-internal = 系统暂时繁忙，您填写的内容已保留，请稍后重试

# 首页
home-report-glyph = 问
home-track-glyph = 查
home-policy-glyph = 策
home-report = 反映问题
home-report-desc = 一分钟提交，拿到受理编号和二维码
home-track = 查询进度
home-track-desc = 输入受理编号查询，或用微信“扫一扫”扫描回执二维码
home-policy = 政策通
home-policy-desc = 政策解读、问答手册、口岸收费
home-footer = 青岛口岸跨境贸易便利化直通车服务

# 反映问题
report-title = 反映问题
report-intro = 请如实填写，带 * 为必填。草稿会自动保存在本机。
report-section-enterprise = 企业信息
report-section-problem = 问题情况
report-submit = 提交
report-submitting = 正在提交…
report-retry = 网络不稳定，重新提交
report-draft-saved = 草稿已保存
report-count = { $n }/{ $max }
report-network-error = 网络连接中断，您填写的内容已保留，请稍后点“重新提交”，不会重复登记
report-fix-fields = 有几项需要修改，请看每一项下方的提示
report-clear = 清空草稿

# 受理回执
receipt-title = 已受理
receipt-desc = 我们已收到您的问题，请保存受理编号和二维码，扫码即可查看办理进度。
receipt-case-no = 受理编号
receipt-qr-alt = 查看办理进度的二维码
receipt-save-hint = 长按二维码保存到相册，或截图保存
receipt-copy = 复制进度链接
receipt-copied = 已复制
receipt-copy-failed = 无法自动复制，请长按链接手动复制
receipt-view-status = 查看办理进度
receipt-print = 打印回执
receipt-submitted-at = 提交时间
receipt-missing = 没有找到这份回执，可通过受理编号查询进度

# 办理进度
status-title = 办理进度
status-loading = 正在查询办理进度…
status-not-found-title = 没有找到这条问题
status-not-found-desc = 链接可能不完整，请重新扫描受理二维码，或用受理编号查询。
status-error = 查询失败，请检查网络后重试
status-case-no = 受理编号
status-state = 当前状态
status-submitted-at = 提交时间
status-enterprise = 企业
status-contact = 联系人
status-port = 口岸
status-department = 责任单位
status-grade = 问题分级
status-level = 办理层级
status-due-paused = 暂停计时（等待您补充材料）
status-auto-close = 答复后{ $days }个工作日内未评价的，系统将自动办结
status-due = 承诺办结时间
status-pending = 待分级后确定
status-your-words = 您反映的问题
status-timeline = 办理记录

status-steps = 办理进度
step-submitted = 已受理
step-accepted = 已分派
step-handling = 办理中
step-answered = 已答复
step-closed = 已办结
status-answer = 答复内容
status-question = 工作人员请您补充
status-add-info = 补充说明
status-your-reply = 您的回复
status-send = 发送
status-rate = 请您评价办理结果
status-rate-again = 答复已超过3天，期待您的评价
status-rate-comment = 意见或建议（选填）
status-rate-send = 提交评价
lookup-title = 查询进度
lookup-intro = 找不到受理二维码？输入受理编号和联系人手机号后4位即可查看。
lookup-last4 = 手机号后4位
lookup-submit = 查询
lookup-not-found = 没有找到，请核对受理编号和手机号后4位
kb-policies = 政策解读
kb-faq = 问答手册
kb-fees = 收费目录
kb-search-placeholder = 搜索政策、问答，如“两步申报”
kb-no-results = 没有找到，换个说法试试，或直接反映问题
kb-interpretation = 一句话解读
kb-full-text = 政策原文
kb-answer = 解答
kb-related = 相关问答
kb-fees-intro = 目录外不得收费。核对一笔费用：看港区、收费单位和标准。
kb-department = 按部门浏览
kb-all-departments = 全部部门
kb-topics = 按主题浏览
kb-all-topics = 全部
kb-validity-in_force = 现行有效
kb-validity-amended = 已修订
kb-validity-repealed = 已废止
kb-none-here = 这里暂时没有内容，换个主题或部门看看
kb-all-ports = 全部口岸
suggest-title = 这能解决您的问题吗？
suggest-solved = 已解决，不用提交了
suggest-thanks = 感谢反馈！如仍需办理，可继续提交
suggest-similar = 已有{ $n }条类似问题正在办理，您的反映会一并处理
# 通用
common-loading = 正在加载…
stats-all = 全部
common-retry = 重试
common-back-home = 返回首页
common-required-mark = *

# 好差评
rating-5 = 非常满意
rating-4 = 满意
rating-3 = 基本满意
rating-2 = 不满意
rating-1 = 非常不满意

# 服务承诺
commitment-title = 服务承诺
commitment-intro = 问题受理后，按紧急程度在以下时限内响应和办结。时限按工作时间计算，不含周末和法定节假日，调休上班日照常计算；等待企业补充材料期间暂停计时。
commitment-limits = 办理时限
commitment-urgency = 紧急程度
commitment-first = 首次响应
commitment-resolve = 办结
commitment-urgency-A = A 紧急
commitment-urgency-B = B 较急
commitment-urgency-C = C 一般
commitment-hours = { $n } 个工作小时
commitment-days = { $n } 个工作日
commitment-innovation = 创新性问题需要研究论证，办结时限为 { $d }。
commitment-month = 本月情况（{ $year }年{ $month }月）
commitment-received = 受理问题
commitment-on-time = 按时办结率
commitment-satisfaction = 企业满意率
commitment-note = 数据每5分钟更新，只统计数量，不公开任何企业信息。

# 偏好
prefs-label = 语言与字号
prefs-care = 大字模式
visit-channel-phone = 电话
visit-channel-visit = 上门
visit-channel-wechat = 微信
visit-outcome-satisfied = 满意
visit-outcome-unsatisfied = 仍不满意
visit-outcome-unreachable = 未联系上
public-status-submitted = 已受理，正在确定责任单位
public-status-triaged = 已交责任单位，即将办理
public-status-in_progress = 责任单位办理中
public-status-needs_info = 请您补充材料
public-status-answered = 已答复，请查看并评价
public-status-closed = 已办结
public-status-merged = 已与同类问题合并办理
public-status-reopened = 整改中
public-status-verifying = 感谢您的评价，正在核实
deadline-verifying = 工作专班将核实办理情况，并于{ $date }前与您联系回访
lookup-scan = 有受理回执？用微信“扫一扫”扫描回执上的二维码，可直接打开办理进度。
receipt-next = 接下来
receipt-next-1 = 责任单位按承诺时限办理，承诺办结时间：{ $due }
receipt-next-1-pending = 工作人员确认分级后，承诺办结时间会显示在进度页
receipt-next-2 = 需要补充材料时，进度页会告诉您要补什么
receipt-next-3 = 答复后请扫码查看并评价，不满意可以提出，我们会核实整改
kb-still = 仍未解决？把您的情况告诉我们，一分钟提交。
err-account-self = 不能停用自己正在使用的账号
err-account-action = 请选择停用、启用、解锁或重置密码

# paged lists (policy browser, console lists)
pages = 分页
page-prev = 上一页
page-next = 下一页
page-of = 第 { $page } / { $pages } 页
