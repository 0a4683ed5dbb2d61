/* strerror for the C locale, over the errno values of the platform the
 * variant runs on (errno.h has each platform's numbers). */
#include <errno.h>
#include <string.h>

char *strerror(int e) {
  switch (e) {
  case 0: return "No error information";
  case EPERM: return "Operation not permitted";
  case ENOENT: return "No such file or directory";
  case ESRCH: return "No such process";
  case EINTR: return "Interrupted system call";
  case EIO: return "I/O error";
  case ENXIO: return "No such device or address";
  case E2BIG: return "Argument list too long";
  case ENOEXEC: return "Exec format error";
  case EBADF: return "Bad file descriptor";
  case ECHILD: return "No child process";
  case ENOMEM: return "Out of memory";
  case EACCES: return "Permission denied";
  case EFAULT: return "Bad address";
  case EBUSY: return "Resource busy";
  case EEXIST: return "File exists";
  case EXDEV: return "Cross-device link";
  case ENODEV: return "No such device";
  case ENOTDIR: return "Not a directory";
  case EISDIR: return "Is a directory";
  case EINVAL: return "Invalid argument";
  case ENFILE: return "Too many files open in system";
  case EMFILE: return "No file descriptors available";
  case ENOTTY: return "Not a tty";
  case EFBIG: return "File too large";
  case ENOSPC: return "No space left on device";
  case ESPIPE: return "Invalid seek";
  case EROFS: return "Read-only file system";
  case EMLINK: return "Too many links";
  case EPIPE: return "Broken pipe";
  case EDOM: return "Domain error";
  case ERANGE: return "Result not representable";
  case EAGAIN: return "Resource temporarily unavailable";
  case EDEADLK: return "Resource deadlock would occur";
  case ENAMETOOLONG: return "Filename too long";
  case ENOLCK: return "No locks available";
  case ENOSYS: return "Function not implemented";
  case ENOTEMPTY: return "Directory not empty";
  case EILSEQ: return "Illegal byte sequence";
  case ECANCELED: return "Operation canceled";
  case ENOTSUP: return "Not supported";
  case EOVERFLOW: return "Value too large for data type";
  case ETIMEDOUT: return "Operation timed out";
  case ETXTBSY: return "Text file busy";
  default: return "Unknown error";
  }
}
