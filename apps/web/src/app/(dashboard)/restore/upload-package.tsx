'use client';

import { useId, useRef, useState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { ProgressBar } from '@/components/progress-bar';
import { describeErrorCode, type HumanError } from '@/lib/error-messages';
import { formatBytes } from '@/lib/format';

export interface UploadedPackage {
  uploadId: string;
  fileName: string;
  sizeBytes: number;
}

type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string; loaded: number; total: number }
  | { phase: 'done'; upload: UploadedPackage }
  | { phase: 'failed'; error: HumanError };

/**
 * Sends the chosen file to `POST /api/upload` with XMLHttpRequest (fetch
 * cannot report upload progress), showing a progress bar. The server streams
 * it to disk under a name it makes itself and answers with an upload id.
 */
export function UploadPackage({ maxBytes, onUploaded }: { maxBytes: number; onUploaded: (upload: UploadedPackage | null) => void }) {
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const [state, setState] = useState<UploadState>({ phase: 'idle' });

  const start = () => {
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setState({ phase: 'failed', error: { code: 'UPLOAD_EMPTY', message: 'Choose a package file first.', nextStep: 'Use the file field above, then upload.' } });
      return;
    }
    if (file.size === 0) {
      setState({ phase: 'failed', error: describeErrorCode('UPLOAD_EMPTY') });
      return;
    }
    if (file.size > maxBytes) {
      setState({ phase: 'failed', error: describeErrorCode('UPLOAD_TOO_LARGE') });
      return;
    }
    onUploaded(null);
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    setState({ phase: 'uploading', fileName: file.name, loaded: 0, total: file.size });
    xhr.upload.onprogress = (event) => {
      setState({ phase: 'uploading', fileName: file.name, loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      xhrRef.current = null;
      let body: { uploadId?: string; sizeBytes?: number; error?: HumanError } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: handled below
      }
      if (xhr.status === 201 && body.uploadId) {
        const upload = { uploadId: body.uploadId, fileName: file.name, sizeBytes: body.sizeBytes ?? file.size };
        setState({ phase: 'done', upload });
        onUploaded(upload);
      } else {
        setState({ phase: 'failed', error: body.error ?? describeErrorCode(xhr.status === 413 ? 'UPLOAD_TOO_LARGE' : 'UPLOAD_INCOMPLETE') });
      }
    };
    xhr.onerror = () => {
      xhrRef.current = null;
      setState({ phase: 'failed', error: describeErrorCode('UPLOAD_INCOMPLETE') });
    };
    xhr.onabort = () => {
      xhrRef.current = null;
      setState({ phase: 'idle' });
    };
    xhr.open('POST', '/api/upload');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.send(file);
  };

  return (
    <div className="upload">
      <div className="field">
        <label htmlFor={inputId}>Backup package file (.tar.gz or .tar.gz.enc)</label>
        <p id={`${inputId}-hint`} className="field-hint">
          Up to {formatBytes(maxBytes)}. The file is checked completely before anything is changed.
        </p>
        <input
          id={inputId}
          ref={fileRef}
          type="file"
          name="package"
          accept=".gz,.enc,application/gzip,application/octet-stream"
          aria-describedby={`${inputId}-hint`}
          onChange={() => {
            setState({ phase: 'idle' });
            onUploaded(null);
          }}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={start} disabled={state.phase === 'uploading'}>
          Upload package
        </button>
        {state.phase === 'uploading' ? (
          <button type="button" className="button button-secondary" onClick={() => xhrRef.current?.abort()}>
            Stop upload
          </button>
        ) : null}
      </div>
      {state.phase === 'uploading' ? (
        <div role="status" aria-live="polite">
          <ProgressBar
            id={`${inputId}-progress`}
            label={`Uploading ${state.fileName}`}
            fraction={state.total > 0 ? state.loaded / state.total : null}
            message={`${formatBytes(state.loaded)} of ${formatBytes(state.total)}`}
          />
        </div>
      ) : null}
      {state.phase === 'done' ? (
        <p className="notice notice-success" role="status">
          Uploaded <strong>{state.upload.fileName}</strong> ({formatBytes(state.upload.sizeBytes)}).
        </p>
      ) : null}
      {state.phase === 'failed' ? <ErrorNotice error={state.error} /> : null}
    </div>
  );
}
