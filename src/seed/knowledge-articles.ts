/**
 * Twenty demo knowledge articles, each in zh-Hans and en: problem, cause, solution.
 * `model` names the product the article is about.
 */
interface ArticleText {
  title: string;
  problem: string;
  cause: string;
  solution: string;
}
export interface DemoArticle {
  slug: string;
  model: string;
  category: string;
  tags: string[];
  zh: ArticleText;
  en: ArticleText;
}

const article = (slug: string, model: string, category: string, tags: string[], zh: string[], en: string[]): DemoArticle => ({
  slug,
  model,
  category,
  tags,
  zh: { title: zh[0], problem: zh[1], cause: zh[2], solution: zh[3] },
  en: { title: en[0], problem: en[1], cause: en[2], solution: en[3] },
});

export const DEMO_ARTICLES: DemoArticle[] = [
  article(
    'ap-200-filter-light',
    'AP-200',
    'usage',
    ['filter', 'indicator'],
    ['AP-200 滤网指示灯常亮', '更换滤网后指示灯仍然常亮。', '滤网寿命计数未复位。', '接通电源后长按“滤网”键 5 秒,听到提示音即复位。'],
    [
      'AP-200 filter light stays on',
      'The filter light stays on after the filter was replaced.',
      'The filter life counter was not reset.',
      'With the unit on, hold the Filter key for 5 seconds until it beeps.',
    ]
  ),
  article(
    'ap-200-noise',
    'AP-200',
    'quality',
    ['noise', 'fan'],
    ['AP-200 高档运行噪音大', '三档运行时有明显嗡嗡声。', '部分批次风机轴承润滑不足。', '批次 B2405 以前的机器可免费更换风机组件,请预约上门。'],
    [
      'AP-200 loud at high speed',
      'A humming noise at fan speed 3.',
      'Fan bearings of some batches lack lubrication.',
      'Units from batches before B2405 get a free fan assembly; book an on-site visit.',
    ]
  ),
  article(
    'ap-350-wifi',
    'AP-350',
    'usage',
    ['wifi', 'pairing'],
    ['AP-350 无法连接 Wi-Fi', 'App 配网时提示超时。', '设备只支持 2.4 GHz 网络。', '将路由器切换为 2.4 GHz 或开启双频分离,然后重新配网。'],
    ['AP-350 cannot join Wi-Fi', 'Pairing in the app times out.', 'The unit supports 2.4 GHz networks only.', 'Switch the router to 2.4 GHz (or split the bands) and pair again.']
  ),
  article(
    'ap-350-odour',
    'AP-350',
    'quality',
    ['odour'],
    ['AP-350 出风有异味', '新机使用时出风有塑料味。', '新滤网活性炭层初期释放气味。', '通风环境下以最高档运行 2 小时,气味会消失;持续超过一周请联系售后。'],
    [
      'AP-350 smells when new',
      'The air smells of plastic on a new unit.',
      'The carbon layer of a new filter releases odour at first.',
      'Run at top speed for 2 hours in a ventilated room; contact us if it lasts over a week.',
    ]
  ),
  article(
    'wh-60-e3',
    'WH-60',
    'quality',
    ['error-code', 'heating'],
    ['WH-60 显示 E3 故障', '热水器显示 E3 并停止加热。', '温度传感器接触不良或损坏。', '断电 1 分钟后重启;仍显示 E3 时需上门更换温度传感器。'],
    [
      'WH-60 shows error E3',
      'The heater shows E3 and stops heating.',
      'The temperature sensor is loose or faulty.',
      'Power off for 1 minute and restart; if E3 stays, an engineer replaces the sensor on site.',
    ]
  ),
  article(
    'wh-60-leak',
    'WH-60',
    'quality',
    ['leak', 'safety'],
    ['WH-60 安全阀滴水', '泄压阀持续滴水。', '进水压力高于 0.7 MPa。', '加装减压阀;滴水属正常泄压,但持续流水请关闭进水并报修。'],
    [
      'WH-60 relief valve drips',
      'The pressure relief valve keeps dripping.',
      'Inlet pressure above 0.7 MPa.',
      'Fit a pressure reducer; occasional drips are normal, a steady flow needs a repair visit.',
    ]
  ),
  article(
    'wp-10-flow',
    'WP-10',
    'usage',
    ['flow', 'filter'],
    ['WP-10 出水变慢', '纯水出水量明显减少。', 'RO 膜或前置滤芯堵塞。', '在 App 查看滤芯寿命,到期请更换;水质差地区建议 6 个月更换前置滤芯。'],
    [
      'WP-10 water flow is slow',
      'Purified water flow has dropped.',
      'The RO membrane or pre-filter is clogged.',
      'Check filter life in the app and replace; in hard-water areas change the pre-filter every 6 months.',
    ]
  ),
  article(
    'wp-10-tds',
    'WP-10',
    'usage',
    ['tds', 'water-quality'],
    ['WP-10 TDS 值偏高', '显示 TDS 超过 50。', '新滤芯冲洗不充分或进水 TDS 很高。', '放水冲洗 10 分钟;仍偏高请预约检测。'],
    ['WP-10 shows high TDS', 'The display shows TDS above 50.', 'New filters not flushed, or very hard inlet water.', 'Flush for 10 minutes; if it stays high, book a water test.']
  ),
  article(
    'rc-5-stuck',
    'RC-5',
    'usage',
    ['navigation'],
    ['RC-5 经常卡在家具下', '机器人卡在沙发下无法脱困。', '家具底部高度接近机身高度。', '在 App 中设置禁区,或加装家具增高垫。'],
    ['RC-5 gets stuck under furniture', 'The robot gets stuck under the sofa.', 'The furniture clearance is close to the robot height.', 'Set a no-go zone in the app or raise the furniture.']
  ),
  article(
    'rc-5-battery',
    'RC-5',
    'quality',
    ['battery'],
    ['RC-5 续航明显下降', '满电仅能清扫 20 分钟。', '电池老化,部分批次电芯一致性差。', '保修期内免费更换电池;批次 C2311 已列入主动召回。'],
    [
      'RC-5 battery runs down fast',
      'A full charge lasts only 20 minutes.',
      'Ageing battery; cells of some batches are poorly matched.',
      'Free battery replacement in warranty; batch C2311 is in a proactive recall.',
    ]
  ),
  article(
    'rc-7-map-lost',
    'RC-7',
    'software',
    ['map', 'app'],
    ['RC-7 地图丢失', '升级固件后保存的地图消失。', '固件 2.3.0 迁移地图数据存在缺陷。', '升级至 2.3.2 后在 App 中“恢复地图”;已修复。'],
    ['RC-7 lost its map', 'Saved maps disappeared after a firmware update.', 'Firmware 2.3.0 had a map migration bug.', 'Update to 2.3.2 and use "Restore map" in the app; fixed.']
  ),
  article(
    'rc-7-brush',
    'RC-7',
    'usage',
    ['brush', 'maintenance'],
    ['RC-7 边刷缠绕头发', '边刷被头发缠住,转速变慢。', '日常维护不足。', '每周取下边刷清理;配件可在官方商城购买。'],
    ['RC-7 side brush tangled', 'Hair wraps the side brush and slows it.', 'Routine maintenance was skipped.', 'Remove and clean the side brush weekly; spares are in the official store.']
  ),
  article(
    'dh-20-full',
    'DH-20',
    'usage',
    ['tank'],
    ['DH-20 水箱满指示误报', '水箱未满但提示已满。', '浮子卡住。', '取出水箱,检查浮子能否自由上下;清洁后装回。'],
    ['DH-20 says tank full when it is not', 'The tank-full light is on with an empty tank.', 'The float is stuck.', 'Take out the tank, free the float, clean and refit.']
  ),
  article(
    'dh-20-ice',
    'DH-20',
    'quality',
    ['frost', 'low-temperature'],
    ['DH-20 低温结霜', '室温低于 10°C 时蒸发器结霜。', '低温环境超出除湿工况。', '5°C–35°C 环境下使用;新固件增加自动除霜。'],
    ['DH-20 frosts in the cold', 'The evaporator frosts below 10°C.', 'The room is colder than the working range.', 'Use between 5°C and 35°C; new firmware adds auto-defrost.']
  ),
  article(
    'sc-1-offline',
    'SC-1',
    'software',
    ['offline', 'wifi'],
    ['SC-1 频繁离线', '插座在 App 中显示离线。', '路由器 DHCP 租期过短导致重连失败。', '将 DHCP 租期设为 24 小时以上,并升级插座固件。'],
    ['SC-1 keeps going offline', 'The plug shows offline in the app.', 'A short DHCP lease breaks reconnection.', 'Set the DHCP lease to 24 h or more and update the plug firmware.']
  ),
  article(
    'sc-1-overheat',
    'SC-1',
    'quality',
    ['safety', 'overheat'],
    ['SC-1 插座发热', '带大功率电器时外壳发烫。', '负载超过 10 A 额定电流。', '请勿连接超过 2200 W 的电器;出现焦味或冒烟立即断电并联系售后(紧急)。'],
    [
      'SC-1 plug gets hot',
      'The casing gets hot with a heavy load.',
      'The load exceeds the 10 A rating.',
      'Do not connect loads over 2200 W; if it smells burnt or smokes, unplug at once and call us (urgent).',
    ]
  ),
  article(
    'hub-2-pairing',
    'HUB-2',
    'usage',
    ['zigbee', 'pairing'],
    ['HUB-2 子设备无法添加', 'Zigbee 设备配对失败。', '网关与设备距离过远或信道干扰。', '将设备靠近网关 1 米内配对;在设置中切换 Zigbee 信道。'],
    ['HUB-2 cannot add devices', 'Zigbee devices fail to pair.', 'The device is too far or the channel is noisy.', 'Pair within 1 m of the hub; change the Zigbee channel in settings.']
  ),
  article(
    'app-login',
    'APP',
    'software',
    ['login', 'account'],
    ['App 无法登录', '输入正确密码仍提示登录失败。', '账号在其他设备登录后令牌失效。', '退出后重新登录;仍失败请使用短信验证码登录。'],
    [
      'Cannot log in to the app',
      'Login fails with the right password.',
      'The session token expired after a login on another device.',
      'Log out and in again; if it still fails, use the SMS code login.',
    ]
  ),
  article(
    'app-notifications',
    'APP',
    'software',
    ['notifications'],
    ['App 收不到推送通知', '设备告警没有推送。', '手机系统限制了后台运行。', '在手机设置中允许 App 后台运行和通知。'],
    ['No push notifications', 'Device alerts are not pushed.', 'The phone restricts background activity.', 'Allow background activity and notifications for the app in phone settings.']
  ),
  article(
    'warranty-policy',
    'APP',
    'policy',
    ['warranty', 'return'],
    ['保修与退换货政策', '如何申请退货、换货或保修维修?', '—', '签收 7 天内可无理由退货,15 天内质量问题可换货,保修期内免费维修;请准备发票与序列号。'],
    [
      'Warranty, return and exchange policy',
      'How do I request a return, exchange or warranty repair?',
      '—',
      'Return within 7 days of delivery, exchange within 15 days for a quality problem, free repair in warranty; have the invoice and serial number ready.',
    ]
  ),
];
