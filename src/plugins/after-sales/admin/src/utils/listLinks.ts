/**
 * Links into the Content Manager's list views with filters, in the query format the list reads
 * (`filters[$and][0][state][$eq]=received`).
 */
export type ListFilter = { field: string; operator: '$eq' | '$ne' | '$in'; value: string | string[] };

export const listSearch = (filters: ListFilter[]) => {
  const params = new URLSearchParams({ page: '1', pageSize: '10', sort: 'createdAt:DESC' });
  filters.forEach((filter, index) => {
    const key = `filters[$and][${index}][${filter.field}][${filter.operator}]`;
    if (Array.isArray(filter.value)) filter.value.forEach((value, i) => params.set(`${key}[${i}]`, value));
    else params.set(key, filter.value);
  });
  return `?${params.toString()}`;
};

export const listPath = (contentType: string, filters: ListFilter[]) => `/content-manager/collection-types/${contentType}${listSearch(filters)}`;
