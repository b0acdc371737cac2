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
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        tracing::error!(error = %e, "internal error");
        AppError::Internal
    }
}
