import { createRoot } from 'react-dom/client';

function App() {
  return <h1>Softphone</h1>;
}

createRoot(document.getElementById('root')!).render(<App />);
