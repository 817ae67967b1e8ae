import { ApiError } from '$lib/api/api-error.ts';
import type { ImportUpload } from '$lib/api/crm-api.ts';

/**
 * Sends the file itself as the body (the server streams it to disk) and reports the upload's
 * progress as a fraction 0..1; fetch cannot report upload progress, XMLHttpRequest can.
 */
export function uploadImport(
  file: Blob,
  fileName: string,
  onProgress: (fraction: number) => void = () => {},
): Promise<ImportUpload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/crm/imports?fileName=${encodeURIComponent(fileName)}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onload = () => {
      let parsed: unknown = undefined;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(parsed as ImportUpload);
      } else reject(ApiError.fromBody(xhr.status, parsed));
    };
    xhr.send(file);
  });
}
