import type { ApiProblem } from './api.js';
import { ProblemNotice } from './ProblemNotice.js';

/** A staff page's last coded problem and last notice (a status line), each when there is one. */
export function StaffNotices({ problem, notice }: { problem?: ApiProblem; notice?: string }) {
  return (
    <>
      {problem && <ProblemNotice problem={problem} />}
      {notice && (
        <p className="notice info" role="status">
          {notice}
        </p>
      )}
    </>
  );
}
