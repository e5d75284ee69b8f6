// Electron composition root (filled in by the desktop-shell work).
import { app } from 'electron';

app.whenReady().then(() => {
  console.log('softphone main process ready');
});
