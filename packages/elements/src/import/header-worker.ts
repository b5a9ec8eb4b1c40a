// The import element's header worker: reads the headers of the files it is
// handed (File objects are passed, not copied) with @fovea-dicom/core's reader.
import { serveHeaders } from '@fovea-dicom/core/local';

serveHeaders(self as unknown as Parameters<typeof serveHeaders>[0]);
