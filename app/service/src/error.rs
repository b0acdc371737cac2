//! The one error type of the application. Server functions return `Result<T, AppError>`;
//! internal failures are logged with detail on the server and reach the user only as a
//! generic message.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("请先登录")]
    Unauthorized,
    #[error("无权执行此操作")]
    Forbidden,
    #[error("未找到")]
    NotFound,
    /// Bad input: one message per field, in the user's language.
    #[error("{}", .0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<FieldError>),
    /// A refusal the user should read as it is (wrong password, account locked, …).
    #[error("{0}")]
    Refused(String),
    /// A request the server could not read (wrong or missing arguments, a broken body): the
    /// client's fault, answered without the decoder's words.
    #[error("请求内容有误，无法处理，请刷新页面后重试")]
    BadRequest,
    #[error("服务器内部错误，请稍后再试")]
    Internal,
    /// The database cannot be reached or cannot write (restarting, disk full): nothing was
    /// saved, and trying again later may work. Answered 503 with this message, no internals.
    #[error("{0}")]
    Unavailable(String),
    #[error("请求未能完成：{0}")]
    Transport(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError { field: field.into(), message: message.into() }])
    }

    /// Several fields at fault at once, as the domain checks list them.
    pub fn fields(errs: Vec<(&str, String)>) -> Self {
        AppError::Invalid(errs.into_iter().map(|(f, m)| FieldError { field: f.into(), message: m }).collect())
    }

    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(list) => list.iter().find(|f| f.field == field).map(|f| f.message.clone()),
            _ => None,
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Refused(_) | AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// In the browser: the call did not get through (network, an unreadable answer). On the
    /// server: the request could not be read (bad input, 400) or the answer not written
    /// (internal, 500); the details go to the log, never into the response.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            let e = match &value {
                ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                    // Decoder messages may quote the input: no ID number reaches the log.
                    tracing::info!(error = %crate::domain::id_number::scrub(&value.to_string()), "malformed server function request");
                    AppError::BadRequest
                }
                _ => {
                    tracing::error!(error = %crate::domain::id_number::scrub(&value.to_string()), "server function failed");
                    AppError::Internal
                }
            };
            crate::security::set_status(&e);
            e
        }
        #[cfg(not(feature = "ssr"))]
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        match db_trouble(&e) {
            Some(message) => AppError::Unavailable(message.into()),
            None => AppError::Internal,
        }
    }
}

/// A database error that is the database's state, not the request's: the message to show.
#[cfg(feature = "ssr")]
pub fn db_trouble(e: &sqlx::Error) -> Option<&'static str> {
    const FULL: &str = "服务器存储空间已满或无法写入，本次操作未能保存，请联系系统管理员";
    const DOWN: &str = "数据库暂时无法连接，本次操作未能完成，请稍后重试";
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => Some(DOWN),
        sqlx::Error::Database(d) => {
            let code = d.code().unwrap_or_default();
            match code.as_ref() {
                // SQLite: SQLITE_FULL; PostgreSQL: disk_full and the other insufficient_resources.
                "13" | "53100" | "53000" => Some(FULL),
                // SQLite: SQLITE_IOERR and its extended codes (a write that could not land).
                c if c.parse::<i64>().is_ok_and(|n| n & 0xff == 10) => Some(FULL),
                // PostgreSQL: admin shutdown, crash shutdown, cannot connect now; connection failures.
                "57P01" | "57P02" | "57P03" => Some(DOWN),
                c if c.starts_with("08") => Some(DOWN),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        tracing::error!(error = %e, "internal error");
        AppError::Internal
    }
}
