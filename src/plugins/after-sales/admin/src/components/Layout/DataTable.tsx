import * as React from 'react';
import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

export interface Column<Row> {
  /** Column heading (plain text is set as a table heading). */
  header: React.ReactNode;
  /** The cell of a row: text and numbers are set as body text, anything else as it is. */
  cell: (row: Row) => React.ReactNode;
}

const asContent = (value: React.ReactNode, variant?: 'sigma') => (typeof value === 'string' || typeof value === 'number' ? <Typography variant={variant}>{value}</Typography> : value);

/**
 * A read-only table of rows, one column per `columns` entry. With `empty`, an empty list shows that
 * sentence instead of a table with headings only. Used by the dashboard, reports and settings pages.
 */
export const DataTable = <Row,>({
  columns,
  rows,
  rowKey,
  empty,
  testId,
  rowTestId,
  onRowClick,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  empty?: string;
  testId?: string;
  /** A row's test id (for browser tests that find one row). */
  rowTestId?: (row: Row) => string;
  /** Makes each row clickable (links inside a cell should stop the event). */
  onRowClick?: (row: Row) => void;
}) => {
  if (empty !== undefined && rows.length === 0) return <Typography textColor="neutral600">{empty}</Typography>;
  return (
    <Table colCount={columns.length} rowCount={rows.length + 1} data-testid={testId}>
      <Thead>
        <Tr>
          {columns.map((column, i) => (
            <Th key={i}>{asContent(column.header, 'sigma')}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={rowKey(row)} data-testid={rowTestId?.(row)} {...(onRowClick ? { onClick: () => onRowClick(row), style: { cursor: 'pointer' } } : {})}>
            {columns.map((column, i) => (
              <Td key={i}>{asContent(column.cell(row))}</Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
