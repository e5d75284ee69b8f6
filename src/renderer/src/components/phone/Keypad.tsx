const keys: { key: string; letters: string }[] = [
  { key: '1', letters: '' },
  { key: '2', letters: 'ABC' },
  { key: '3', letters: 'DEF' },
  { key: '4', letters: 'GHI' },
  { key: '5', letters: 'JKL' },
  { key: '6', letters: 'MNO' },
  { key: '7', letters: 'PQRS' },
  { key: '8', letters: 'TUV' },
  { key: '9', letters: 'WXYZ' },
  { key: '*', letters: '' },
  { key: '0', letters: '+' },
  { key: '#', letters: '' },
];

export function Keypad(props: { label: string; onKey: (key: string) => void }) {
  return (
    <div role="group" aria-label={props.label} className="keypad">
      {keys.map(({ key, letters }) => (
        <button key={key} type="button" className="key" aria-label={key} onClick={() => props.onKey(key)}>
          <span className="key-digit" aria-hidden="true">{key}</span>
          <span className="key-letters" aria-hidden="true">{letters}</span>
        </button>
      ))}
    </div>
  );
}
