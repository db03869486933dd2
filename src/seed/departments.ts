export const DEMO_DEPARTMENTS = [
  { code: 'after-sales', name: '售后服务部 After-sales' },
  { code: 'sales', name: '业务部 Sales' },
  { code: 'technical', name: '技术部及制作中心 Technical & Production' },
  { code: 'quality', name: '质管部 Quality' },
  { code: 'product', name: '产品部 Product management' },
] as const;
