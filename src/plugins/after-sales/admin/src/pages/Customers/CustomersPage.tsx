import { Route, Routes } from 'react-router-dom';
import { DuplicatesPage } from './DuplicatesPage';
import { CustomerPage } from './CustomerPage';

/** After-sales → Customers: the duplicates view (index) and one customer's page (`/:documentId`). */
const CustomersPage = () => (
  <Routes>
    <Route index element={<DuplicatesPage />} />
    <Route path=":documentId" element={<CustomerPage />} />
  </Routes>
);

export default CustomersPage;
