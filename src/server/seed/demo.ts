/** The demo company `npm run server -- --demo` creates: an admin, four users, two queues. */
import type { CompanySpec } from './seed-company';

export const DEMO_PASSWORD = 'demo-password';

export const demoCompany: CompanySpec = {
  id: 'demo-company',
  name: 'Demo Company',
  mainNumber: '+46850000000',
  numberBlocks: [['+46850000000', '+46850000999']],
  users: [
    { userName: 'admin', firstName: 'Ada', lastName: 'Admin', email: 'admin@demo.example', role: 'admin', password: DEMO_PASSWORD, numbers: { extension: '1000' } },
    { userName: 'alice', firstName: 'Alice', lastName: 'Andersson', email: 'alice@demo.example', role: 'user', password: DEMO_PASSWORD, numbers: { extension: '1001', landline: '+46850000001', mobile: '+46700000001' } },
    { userName: 'bob', firstName: 'Bob', lastName: 'Berg', email: 'bob@demo.example', role: 'user', password: DEMO_PASSWORD, numbers: { extension: '1002', landline: '+46850000002', mobile: '+46700000002' } },
    { userName: 'carol', firstName: 'Carol', lastName: 'Carlsson', email: 'carol@demo.example', role: 'user', password: DEMO_PASSWORD, numbers: { extension: '1003', landline: '+46850000003' } },
    { userName: 'dave', firstName: 'Dave', lastName: 'Dahl', email: 'dave@demo.example', role: 'user', password: DEMO_PASSWORD, numbers: { extension: '1004', mobile: '+46700000004' } },
  ],
  queues: [
    { name: 'Support', number: '+46850000100', members: ['alice', 'bob', 'carol'] },
    { name: 'Sales', number: '+46850000200', members: ['bob', 'dave'] },
  ],
};
