export const DEMO_DEPARTMENTS = [
  { code: 'after-sales', name: '售后服务部 After-sales' },
  { code: 'sales', name: '业务部 Sales' },
  { code: 'technical', name: '技术部及制作中心 Technical & Production' },
  { code: 'quality', name: '质管部 Quality' },
  { code: 'product', name: '产品部 Product management' },
] as const;

/** The service network's offices and service points (办事处 / 服务网点), by region; head office is no office. */
export const DEMO_OFFICES = [
  { code: 'shanghai', name: '上海办事处', region: '华东', address: '上海市浦东新区张江路 88 号' },
  { code: 'hangzhou', name: '杭州服务网点', region: '华东', address: '杭州市西湖区文三路 199 号' },
  { code: 'beijing', name: '北京办事处', region: '华北', address: '北京市海淀区中关村大街 27 号' },
] as const;
