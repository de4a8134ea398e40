//! `sourceArn`, `invocationRole` and `qualifier`: the strings of a definition that carry structure.

use std::fmt;

use crate::model::validate::quote;

/// An Alibaba Cloud resource name split at its colons: `acs:<service>:<region>:<account>:<resource>`.
/// The resource may be absent (`acs:cdn:*:123456`) and may itself contain colons.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AcsArn {
    /// `oss`, `log`, `mns`, `ots`, `cdn`, `ram`, …
    pub service: String,
    /// The region (`cn-hangzhou`), `*`, or empty (`ram`).
    pub region: String,
    /// The account id.
    pub account_id: String,
    /// Everything after the fourth colon; `None` when there is no fourth colon.
    pub resource: Option<String>,
}

/// Why a string is not the ARN expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnError(pub String);

crate::wire::error::error_type!(ArnError: e => "{}", e.0);

impl AcsArn {
    /// Splits an ARN into its parts.
    pub fn parse(s: &str) -> Result<AcsArn, ArnError> {
        let mut parts = s.splitn(5, ':');
        let (Some("acs"), Some(service), Some(region), Some(account)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ArnError(format!(
                "expected an ARN of the form acs:<service>:<region>:<account>:<resource>, found {s:?}", s = quote(s))));
        };
        if service.is_empty() || account.is_empty() {
            return Err(ArnError(format!(
                "expected a service and an account id in the ARN, found {s:?}",
                s = quote(s)
            )));
        }
        Ok(AcsArn {
            service: service.to_owned(),
            region: region.to_owned(),
            account_id: account.to_owned(),
            resource: parts.next().map(str::to_owned),
        })
    }
}

impl fmt::Display for AcsArn {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "acs:{}:{}:{}",
            self.service, self.region, self.account_id
        )?;
        if let Some(r) = &self.resource {
            write!(f, ":{r}")?;
        }
        Ok(())
    }
}

/// A trigger's `sourceArn`, parsed into the parts of its documented form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceArn {
    /// `acs:oss:<region>:<account>:<bucket>`.
    Oss {
        /// The bucket's region.
        region: String,
        /// The account id.
        account_id: String,
        /// The bucket name.
        bucket: String,
    },
    /// `acs:log:<region>:<account>:project/<project>`.
    Log {
        /// The project's region.
        region: String,
        /// The account id.
        account_id: String,
        /// The log project.
        project: String,
    },
    /// `acs:mns:<region>:<account>:/topics/<topic>`.
    MnsTopic {
        /// The topic's region.
        region: String,
        /// The account id.
        account_id: String,
        /// The topic name.
        topic: String,
    },
    /// `acs:ots:<region>:<account>:instance/<instance>/table/<table>`.
    Tablestore {
        /// The instance's region.
        region: String,
        /// The account id.
        account_id: String,
        /// The Tablestore instance.
        instance: String,
        /// The table.
        table: String,
    },
    /// `acs:cdn:*:<account>`, optionally followed by a resource (`:domain/example.com`).
    Cdn {
        /// The account id.
        account_id: String,
        /// The resource, when given.
        resource: Option<String>,
    },
    /// Any other well-formed ARN.
    Other(AcsArn),
}

impl SourceArn {
    /// Parses a source ARN. ARNs of the services with a documented form (`oss`, `log`, `mns`, `ots`,
    /// `cdn`) must follow it; other services give [`SourceArn::Other`].
    pub fn parse(s: &str) -> Result<SourceArn, ArnError> {
        let arn = AcsArn::parse(s)?;
        let need_region = || {
            if arn.region.is_empty() || arn.region == "*" {
                Err(ArnError(format!(
                    "expected a region such as cn-hangzhou in {s:?}, found {:?}",
                    quote(&arn.region),
                    s = quote(s)
                )))
            } else {
                Ok(arn.region.clone())
            }
        };
        let resource = arn.resource.as_deref().unwrap_or("");
        let form = |f: &str| ArnError(format!("expected {f}, found {s:?}", s = quote(s)));
        match arn.service.as_str() {
            "oss" => {
                if !is_bucket_name(resource) {
                    return Err(form("acs:oss:<region>:<account>:<bucket> with a bucket name of 3–63 lower-case letters, digits and hyphens"));
                }
                Ok(SourceArn::Oss {
                    region: need_region()?,
                    account_id: arn.account_id.clone(),
                    bucket: resource.to_owned(),
                })
            }
            "log" => match resource.strip_prefix("project/") {
                Some(p) if !p.is_empty() && !p.contains('/') => Ok(SourceArn::Log {
                    region: need_region()?,
                    account_id: arn.account_id.clone(),
                    project: p.to_owned(),
                }),
                _ => Err(form("acs:log:<region>:<account>:project/<project>")),
            },
            "mns" => match resource.strip_prefix("/topics/") {
                Some(t) if !t.is_empty() && !t.contains('/') => Ok(SourceArn::MnsTopic {
                    region: need_region()?,
                    account_id: arn.account_id.clone(),
                    topic: t.to_owned(),
                }),
                _ => Err(form("acs:mns:<region>:<account>:/topics/<topic>")),
            },
            "ots" => {
                let parsed = resource
                    .strip_prefix("instance/")
                    .and_then(|r| r.split_once("/table/"))
                    .filter(|(i, t)| {
                        !i.is_empty() && !t.is_empty() && !i.contains('/') && !t.contains('/')
                    });
                match parsed {
                    Some((i, t)) => Ok(SourceArn::Tablestore {
                        region: need_region()?,
                        account_id: arn.account_id.clone(),
                        instance: i.to_owned(),
                        table: t.to_owned(),
                    }),
                    None => Err(form(
                        "acs:ots:<region>:<account>:instance/<instance>/table/<table>",
                    )),
                }
            }
            "cdn" => {
                if arn.region != "*" {
                    return Err(form(
                        "acs:cdn:*:<account> (CDN is not regional: the region is `*`)",
                    ));
                }
                Ok(SourceArn::Cdn {
                    account_id: arn.account_id.clone(),
                    resource: arn.resource.clone().filter(|r| !r.is_empty()),
                })
            }
            _ => Ok(SourceArn::Other(arn)),
        }
    }

    /// The ARN's service part (`oss`, `log`, `mns`, `ots`, `cdn`, …).
    pub fn service(&self) -> &str {
        match self {
            SourceArn::Oss { .. } => "oss",
            SourceArn::Log { .. } => "log",
            SourceArn::MnsTopic { .. } => "mns",
            SourceArn::Tablestore { .. } => "ots",
            SourceArn::Cdn { .. } => "cdn",
            SourceArn::Other(a) => &a.service,
        }
    }

    /// The account id.
    pub fn account_id(&self) -> &str {
        match self {
            SourceArn::Oss { account_id, .. }
            | SourceArn::Log { account_id, .. }
            | SourceArn::MnsTopic { account_id, .. }
            | SourceArn::Tablestore { account_id, .. }
            | SourceArn::Cdn { account_id, .. } => account_id,
            SourceArn::Other(a) => &a.account_id,
        }
    }

    /// The bucket of an OSS source.
    pub fn bucket(&self) -> Option<&str> {
        match self {
            SourceArn::Oss { bucket, .. } => Some(bucket),
            _ => None,
        }
    }
}

/// OSS bucket naming: 3–63 characters, lower-case letters, digits and hyphens, starting and ending
/// with a letter or digit.
fn is_bucket_name(s: &str) -> bool {
    (3..=63).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Checks an `invocationRole`: `acs:ram::<account>:role/<name>`.
pub fn check_role(s: &str) -> Result<(), ArnError> {
    let bad = || {
        ArnError(format!(
            "expected a RAM role ARN of the form acs:ram::<account>:role/<name>, found {s:?}",
            s = quote(s)
        ))
    };
    let arn = AcsArn::parse(s).map_err(|_| bad())?;
    let name = arn
        .resource
        .as_deref()
        .and_then(|r| r.strip_prefix("role/"));
    if arn.service != "ram" || !arn.region.is_empty() || name.is_none_or(str::is_empty) {
        return Err(bad());
    }
    Ok(())
}

/// A `qualifier`: which version of the function a trigger invokes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Qualifier<'a> {
    /// `LATEST`: the unpublished code.
    Latest,
    /// A published version number (from 1).
    Version(u64),
    /// An alias name.
    Alias(&'a str),
}

impl<'a> Qualifier<'a> {
    /// Parses a qualifier: `LATEST`, a version number, or an alias name (a letter or `_`, then up to
    /// 127 letters, digits, `_` or `-`).
    pub fn parse(s: &'a str) -> Result<Qualifier<'a>, String> {
        if s == "LATEST" {
            return Ok(Qualifier::Latest);
        }
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.parse::<u64>() {
                Ok(v) if v >= 1 => Ok(Qualifier::Version(v)),
                _ => Err(format!(
                    "expected a version number from 1, found {s:?}",
                    s = quote(s)
                )),
            };
        }
        if is_name(s) {
            Ok(Qualifier::Alias(s))
        } else {
            Err(format!(
                "expected LATEST, a version number or an alias name (a letter or _, then letters, digits, _ or -; at most 128), found {s:?}", s = quote(s)))
        }
    }
}

/// FC's naming rule for triggers and aliases: 1–128 characters, letters, digits, `_` and `-`, not
/// starting with a digit or `-`.
pub(crate) fn is_name(s: &str) -> bool {
    (1..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}
